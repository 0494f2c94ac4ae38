using System.Reflection;
using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Domain;

public sealed class AllocationRequestTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 8, 0, 0, DateTimeKind.Utc);

    private static readonly Location Warehouse = new("WH", "倉庫", "仓库", "Warehouse", LocationKind.Warehouse, 4, 2);
    private static readonly Location Checkpoint = new("CP", "檢查站", "检查站", "Checkpoint", LocationKind.Checkpoint, 18, 3);

    private static AllocationRequest Submitted(params long[] requested)
    {
        var request = new AllocationRequest("RQ-2026-000001", Checkpoint, Warehouse, RequestPriority.Urgent, "一級查控", new DateOnly(2026, 12, 5), "station", Now);
        for (var i = 0; i < requested.Length; i++)
        {
            var item = new Item($"I{i}", "品", "品", "Item", ItemCategory.Mask, "只", 1, null, false, 0);
            SetId(item, i + 1);
            SetId(request.AddLine(item, requested[i]), i + 1);
        }
        request.Submit(Now);
        return request;
    }

    private static void SetId(object entity, int id) =>
        entity.GetType().GetProperty("Id", BindingFlags.Public | BindingFlags.Instance)!.SetValue(entity, id);

    private static Dictionary<int, long> Approvals(params long[] quantities) =>
        quantities.Select((q, i) => (Id: i + 1, q)).ToDictionary(x => x.Id, x => x.q);

    [Fact]
    public void Approving_every_line_in_full_is_Approved_and_less_is_PartiallyApproved()
    {
        var full = Submitted(100, 50);
        full.Approve(Approvals(100, 50), "logistics", Now);
        Assert.Equal(RequestStatus.Approved, full.Status);

        var partial = Submitted(100, 50);
        partial.Approve(Approvals(60, 0), "logistics", Now);
        Assert.Equal(RequestStatus.PartiallyApproved, partial.Status);
        Assert.Equal([60L, 0L], partial.Lines.Select(l => l.QuantityApproved));
    }

    [Fact]
    public void Approving_more_than_requested_is_refused_naming_the_field()
    {
        var request = Submitted(100);
        var error = Assert.Throws<DomainRuleException>(() => request.Approve(Approvals(101), "logistics", Now));
        Assert.Equal("quantityApproved", error.Field);
        Assert.Contains("only 100 were requested", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Approving_nothing_is_refused_in_favour_of_Reject()
    {
        var request = Submitted(100);
        Assert.Throws<DomainRuleException>(() => request.Approve(Approvals(0), "logistics", Now));
    }

    [Fact]
    public void A_rejected_request_cannot_be_allocated()
    {
        var request = Submitted(100);
        request.Reject("庫存需優先保障檢查站", "logistics", Now);
        var error = Assert.Throws<DomainRuleException>(request.EnsureCanAllocate);
        Assert.Equal("status", error.Field);
        Assert.Equal("庫存需優先保障檢查站", request.StatusReason);
    }

    [Fact]
    public void Allocating_nothing_at_all_is_refused()
    {
        var request = Submitted(100);
        request.Approve(Approvals(100), "logistics", Now);
        Assert.Throws<DomainRuleException>(request.MarkAllocated);
        Assert.Equal(RequestStatus.Approved, request.Status);
    }

    [Fact]
    public void Dispatching_twice_is_refused()
    {
        var request = Submitted(100);
        request.Approve(Approvals(100), "logistics", Now);
        request.Lines[0].RecordAllocation(80);
        request.MarkAllocated();
        request.MarkDispatched();
        var error = Assert.Throws<DomainRuleException>(request.MarkDispatched);
        Assert.Contains("already been dispatched", error.Message, StringComparison.Ordinal);
        Assert.Equal(80, request.Lines[0].QuantityDispatched);
        Assert.Equal(20, request.Lines[0].QuantityShort);
    }

    [Fact]
    public void A_dispatched_request_cannot_be_cancelled_but_an_allocated_one_can()
    {
        var request = Submitted(10);
        request.Approve(Approvals(10), "logistics", Now);
        request.Lines[0].RecordAllocation(10);
        request.MarkAllocated();
        Assert.True(request.CanBeCancelled);
        request.MarkDispatched();
        Assert.Throws<DomainRuleException>(() => request.Cancel("不需要了"));
    }

    [Fact]
    public void Confirming_more_than_was_shipped_is_refused_and_changes_nothing()
    {
        var request = Submitted(10);
        request.Approve(Approvals(10), "logistics", Now);
        request.Lines[0].RecordAllocation(10);
        request.MarkAllocated();
        request.MarkDispatched();
        var item = new Item("I0", "品", "品", "Item", ItemCategory.Mask, "只", 1, null, false, 0);
        var shipment = new Shipment(Shipment.FormatNumber(2026, 1), request, "logistics", Now);
        var line = shipment.AddLine(request.Lines[0], new Lot(item, "", null), 10);

        var error = Assert.Throws<DomainRuleException>(() => shipment.Confirm(line, 9, 2, "破損", "station", Now));
        Assert.Equal("quantityAccepted", error.Field);
        Assert.False(line.IsConfirmed);
        Assert.Equal(ShipmentStatus.InTransit, shipment.Status);

        shipment.Confirm(line, 8, 2, "破損", "station", Now);
        Assert.Equal(ShipmentStatus.Delivered, shipment.Status);
        Assert.Throws<DomainRuleException>(() => shipment.Confirm(line, 8, 2, "破損", "station", Now));
    }

    [Fact]
    public void A_request_comes_from_a_station_and_goes_to_a_warehouse()
    {
        Assert.Throws<DomainValidationException>(() =>
            new AllocationRequest("RQ-2026-000001", Warehouse, Warehouse, RequestPriority.Normal, null, new DateOnly(2026, 12, 1), "x", Now));
        Assert.Throws<DomainValidationException>(() =>
            new AllocationRequest("RQ-2026-000001", Checkpoint, Checkpoint, RequestPriority.Normal, null, new DateOnly(2026, 12, 1), "x", Now));
    }

    [Fact]
    public void Shipment_numbers_are_zero_padded_per_year() => Assert.Equal("SH-2026-000001", Shipment.FormatNumber(2026, 1));
}
