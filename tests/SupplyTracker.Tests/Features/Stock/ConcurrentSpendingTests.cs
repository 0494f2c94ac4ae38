using SupplyTracker.Domain;
using SupplyTracker.Features.Consumption;
using SupplyTracker.Features.Stock;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Stock;

/// <summary>Many commands spending one balance at once, each in its own scope, through the real SQLite file.</summary>
[Trait("Database", "true")]
public sealed class ConcurrentSpendingTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private const int Stock = 100;
    private const int Each = 3;

    /// <summary>Starts every command together and sorts the outcomes; any failure other than a broken stock rule is kept as is.</summary>
    private static async Task<(int Succeeded, List<Exception> Failures)> RunTogetherAsync(IReadOnlyList<Func<Task>> commands)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = commands.Select(command => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await command();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        })).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(running);
        return (outcomes.Count(e => e is null), [.. outcomes.OfType<Exception>()]);
    }

    [Fact]
    public async Task Sixty_concurrent_transfers_never_move_more_than_the_stock()
    {
        var warehouse = await app.CreateLocationAsync();
        var checkpoints = new List<Location>();
        for (var i = 0; i < 3; i++) checkpoints.Add(await app.CreateLocationAsync(LocationKind.Checkpoint));
        var masks = await app.CreateItemAsync();
        await app.FoundAsync(warehouse, masks, Stock);

        var (succeeded, failures) = await RunTogetherAsync([.. Enumerable.Range(0, 60).Select(i => (Func<Task>)(() =>
            app.SendAsync(new TransferStock(warehouse.Id, checkpoints[i % 3].Id, masks.Id, null, Each, null))))]);

        Assert.All(failures, e => Assert.IsType<DomainRuleException>(e));
        Assert.Equal(Stock / Each, succeeded);
        var left = await app.BalanceAsync(warehouse, masks);
        Assert.Equal(Stock - succeeded * Each, left.QuantityOnHand);
        long received = 0;
        foreach (var checkpoint in checkpoints) received += (await app.BalanceAsync(checkpoint, masks)).QuantityOnHand;
        Assert.Equal(succeeded * Each, received);
        await app.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task Transfers_consumption_and_write_offs_racing_for_one_balance_never_overspend_it()
    {
        var checkpoint = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var warehouse = await app.CreateLocationAsync();
        var gel = await app.CreateItemAsync(tracksExpiry: true);
        await app.FoundAsync(checkpoint, gel, Stock, "HG200115", SupplyTrackerApp.Today.AddMonths(6));

        Func<Task> Spend(int i) => (i % 3) switch
        {
            0 => () => app.SendAsync(new TransferStock(checkpoint.Id, warehouse.Id, gel.Id, "HG200115", Each, null)),
            1 => () => app.SendAsync(new RecordConsumption(checkpoint.Id, SupplyTrackerApp.Today, null, [new(gel.Id, Each)])),
            _ => () => app.SendAsync(new AdjustStock(checkpoint.Id, gel.Id, "HG200115", null, -Each, AdjustmentReason.Damaged, null)),
        };

        var (succeeded, failures) = await RunTogetherAsync([.. Enumerable.Range(0, 60).Select(Spend)]);

        Assert.All(failures, e => Assert.IsType<DomainRuleException>(e));
        Assert.Equal(Stock / Each, succeeded);
        Assert.Equal(Stock - succeeded * Each, (await app.BalanceAsync(checkpoint, gel, "HG200115")).QuantityOnHand);
        await app.AssertLedgerConsistentAsync();
    }
}
