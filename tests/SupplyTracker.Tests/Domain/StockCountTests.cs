using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Domain;

public sealed class StockCountTests
{
    private static (StockCount Count, StockCountLine Line) Count(long onHand = 100)
    {
        var lot = new Lot(TestCatalog.Masks(), null, null);
        var balance = new StockBalance(1, lot);
        balance.Apply(TestCatalog.Movement(lot, onHand));
        var count = new StockCount(1, [balance], startSequence: 10, note: null, "counter", DateTime.UtcNow);
        return (count, count.Lines.Single());
    }

    [Fact]
    public void A_negative_counted_quantity_is_refused_naming_the_field()
    {
        var (count, line) = Count();
        var error = Assert.Throws<DomainValidationException>(() => count.Enter(line, -1, "lines[0].countedQuantity"));
        Assert.Equal("lines[0].countedQuantity", error.Field);
        Assert.Null(line.CountedQuantity);
    }

    [Fact]
    public void Variance_is_counted_minus_book_at_start_plus_movements_during_the_count()
    {
        var (count, line) = Count(100);
        count.Enter(line, 65, "q");
        count.Submit(new Dictionary<int, long> { [line.LotId] = -30 }, 20, "counter", DateTime.UtcNow);
        Assert.Equal((70L, -5L), (line.Expected!.Value, line.Variance!.Value));
    }

    [Fact]
    public void A_count_cannot_be_submitted_with_a_line_not_counted()
    {
        var (count, _) = Count();
        Assert.Throws<DomainRuleException>(() => count.Submit(new Dictionary<int, long>(), 20, "counter", DateTime.UtcNow));
        Assert.Equal(StockCountStatus.Open, count.Status);
    }

    [Fact]
    public void Approving_your_own_count_is_refused()
    {
        var (count, line) = Count();
        count.Enter(line, 100, "q");
        count.Submit(new Dictionary<int, long>(), 20, "counter", DateTime.UtcNow);
        var error = Assert.Throws<DomainRuleException>(() => count.Approve("COUNTER", DateTime.UtcNow));
        Assert.Equal("approvedBy", error.Field);
        count.Approve("reviewer", DateTime.UtcNow);
        Assert.Equal(StockCountStatus.Approved, count.Status);
    }

    [Fact]
    public void A_submitted_count_takes_no_more_entries()
    {
        var (count, line) = Count();
        count.Enter(line, 100, "q");
        count.Submit(new Dictionary<int, long>(), 20, "counter", DateTime.UtcNow);
        Assert.Throws<DomainRuleException>(() => count.Enter(line, 3, "q"));
    }

    [Fact]
    public void A_reversal_cannot_be_reversed_and_workflow_steps_are_not_reversible()
    {
        var lot = new Lot(TestCatalog.Masks(), null, null);
        var reversal = new StockMovement(1, lot, -5, StockStatus.Usable, MovementKind.Reversal, MovementReference.StockMovement, 1, "t", DateTime.UtcNow);
        var dispatch = new StockMovement(1, lot, -5, StockStatus.Usable, MovementKind.Dispatch, MovementReference.Shipment, 1, "t", DateTime.UtcNow);
        Assert.False(reversal.IsReversible);
        Assert.False(dispatch.IsReversible);
        Assert.True(TestCatalog.Movement(lot, 5).IsReversible);
    }

    [Fact]
    public void A_pending_adjustment_cannot_be_approved_by_whoever_recorded_it()
    {
        var lot = new Lot(TestCatalog.Masks(), null, null);
        var adjustment = new StockAdjustment(1, lot, 50, AdjustmentReason.Found, null, "station-1", DateTime.UtcNow, awaitsApproval: true);
        Assert.Throws<DomainRuleException>(() => adjustment.Approve("station-1", DateTime.UtcNow));
        adjustment.Approve("logistics", DateTime.UtcNow);
        Assert.Equal(AdjustmentStatus.Posted, adjustment.Status);
        Assert.Throws<DomainRuleException>(() => adjustment.Reject("logistics", DateTime.UtcNow, "late"));
    }
}
