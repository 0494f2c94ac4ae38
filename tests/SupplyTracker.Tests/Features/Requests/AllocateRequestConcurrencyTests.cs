using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Requests;
using SupplyTracker.Features.Stock;
using SupplyTracker.Tests.Api;

namespace SupplyTracker.Tests.Features.Requests;

[Trait("Database", "true")]
public sealed class AllocateRequestConcurrencyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const int Requests = 120;
    private const long Stock = 150;

    [Fact]
    public async Task Concurrent_allocations_for_a_scarce_item_never_reserve_more_than_was_available()
    {
        var (item, requestIds) = await ArrangeAsync();

        var outcomes = await Task.WhenAll(requestIds.Select(id => Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            try
            {
                var allocated = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AllocateRequest(id, null));
                return allocated.Lines.Sum(l => l.QuantityAllocated);
            }
            catch (DomainRuleException)
            {
                return 0L; // Nothing left for this request: refused, nothing written.
            }
        })));

        await using var check = factory.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var reserved = await db.StockBalances.Where(b => b.ItemId == item).SumAsync(b => b.QuantityReserved);
        var allocatedOnLines = await db.AllocationRequestLines.Where(l => l.ItemId == item).SumAsync(l => l.QuantityAllocated);
        Assert.True(reserved <= Stock, $"Reserved {reserved} of {Stock}.");
        Assert.Equal(outcomes.Sum(), reserved);
        Assert.Equal(reserved, allocatedOnLines);
        await LedgerInvariants.AssertConsistentAsync(db);

        // A request refused for want of stock is still approved demand: its share waits for it, and retrying takes it.
        for (var pass = 0; pass < 20 && reserved < Stock; pass++)
        {
            foreach (var id in await db.AllocationRequests.Where(r => r.Status == RequestStatus.Approved || r.Status == RequestStatus.PartiallyApproved)
                .Select(r => r.Id).ToListAsync())
            {
                await using var scope = factory.Services.CreateAsyncScope();
                try { await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AllocateRequest(id, null)); }
                catch (DomainRuleException) { }
            }
            reserved = await db.StockBalances.Where(b => b.ItemId == item).SumAsync(b => b.QuantityReserved);
        }
        Assert.Equal(Stock, reserved);
        await LedgerInvariants.AssertConsistentAsync(db);

        // Cancelling and dispatching at the same time gives back or ships exactly what was reserved.
        var allocatedIds = await db.AllocationRequests.Where(r => r.Status == RequestStatus.Allocated).Select(r => r.Id).ToListAsync();
        await Task.WhenAll(allocatedIds.Select((id, i) => Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            if (i % 2 == 0) await mediator.Send(new DispatchRequest(id, null));
            else await mediator.Send(new CancelRequest(id, null, "concurrency test"));
        })));
        db.ChangeTracker.Clear();
        Assert.Equal(0, await db.StockBalances.Where(b => b.ItemId == item).SumAsync(b => b.QuantityReserved));
        await LedgerInvariants.AssertConsistentAsync(db);
    }

    private async Task<(int Item, List<int> RequestIds)> ArrangeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var warehouse = await db.Locations.Where(l => l.Code == "WH-GX").Select(l => l.Id).SingleAsync();
        var stations = await db.Locations.Where(l => l.Kind != LocationKind.Warehouse).Select(l => l.Id).ToListAsync();

        var item = await mediator.Send(new CreateItem("RACE-KN95", new ItemFields("爭搶口罩", "争抢口罩", "Contested respirator", ItemCategory.Mask, "只", 20, null, false, 0, 1)));
        await mediator.Send(new AdjustStock(warehouse, item, "RACE-1", null, 100, AdjustmentReason.Found, null));
        await mediator.Send(new AdjustStock(warehouse, item, "RACE-2", null, Stock - 100, AdjustmentReason.Found, null));

        var random = new Random(20200126);
        var ids = new List<int>();
        for (var i = 0; i < Requests; i++)
        {
            var id = await mediator.Send(new CreateRequest(stations[i % stations.Count], 0, (RequestPriority)random.Next(3), null,
                DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3), [new CreateRequest.Line(item, random.Next(1, 6))]));
            await mediator.Send(new SubmitRequest(id, null));
            var lineId = await db.AllocationRequestLines.Where(l => l.AllocationRequestId == id).Select(l => l.Id).SingleAsync();
            var requested = await db.AllocationRequestLines.Where(l => l.Id == lineId).Select(l => l.QuantityRequested).SingleAsync();
            await mediator.Send(new ApproveRequest(id, null, [new ApproveRequest.Line(lineId, requested)]));
            ids.Add(id);
        }
        return (item, ids);
    }
}
