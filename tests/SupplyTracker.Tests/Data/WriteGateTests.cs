using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Data;

/// <summary>
/// The in-process half of the write lock (<see cref="WriteGate"/>): every way a write transaction ends lets the next
/// writer in, so a leaked lease can never stall the service behind a lock nobody holds.
/// </summary>
[Trait("Database", "true")]
public sealed class WriteGateTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private Task<bool> GateIsFreeAsync() => app.QueryAsync(db => Task.FromResult(WriteGate.IsFree(db.Database.GetDbConnection())));

    [Fact]
    public async Task A_committed_command_leaves_the_gate_free()
    {
        var location = await app.CreateLocationAsync();
        await app.FoundAsync(location, await app.CreateItemAsync(), 10);

        Assert.True(await GateIsFreeAsync());
    }

    [Fact]
    public async Task A_command_refused_by_a_stock_rule_inside_its_transaction_leaves_the_gate_free()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        await app.FoundAsync(location, item, 1);

        await Assert.ThrowsAsync<DomainRuleException>(() =>
            app.SendAsync(new AdjustStock(location.Id, item.Id, null, null, -5, AdjustmentReason.Damaged, null)));

        Assert.True(await GateIsFreeAsync());
    }

    [Fact]
    public async Task A_context_disposed_with_its_write_transaction_still_open_frees_the_gate_and_the_next_command_runs()
    {
        await app.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<SupplyTrackerDbContext>();
            // Begun and never committed, rolled back or disposed: only the scope's end closes its connection.
            _ = await db.Database.BeginWriteTransactionAsync(CancellationToken.None);
            Assert.False(WriteGate.IsFree(db.Database.GetDbConnection()));
            return 0;
        });

        Assert.True(await GateIsFreeAsync());
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        await app.FoundAsync(location, item, 7);
        Assert.Equal(7, (await app.BalanceAsync(location, item)).QuantityOnHand);
    }

    [Fact]
    public async Task Forty_concurrent_commands_all_commit_through_the_gate_and_the_ledger_stays_consistent()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        await app.FoundAsync(location, item, 1000);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() =>
            app.SendAsync(new AdjustStock(location.Id, item.Id, null, null, -3, AdjustmentReason.Damaged, null)))));

        Assert.Equal(1000 - 40 * 3, (await app.BalanceAsync(location, item)).QuantityOnHand);
        Assert.True(await GateIsFreeAsync());
        await app.AssertLedgerConsistentAsync();
    }
}
