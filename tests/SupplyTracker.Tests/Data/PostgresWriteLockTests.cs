using Npgsql;
using SupplyTracker.Data;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Data;

/// <summary>What only the PostgreSQL run can show: the write lock every instance shares, and the ledger's TRUNCATE guard.</summary>
[Trait("Database", "true")]
public sealed class PostgresWriteLockTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    [PostgresFact]
    public async Task A_command_waits_while_another_instance_holds_the_write_lock()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        await using var otherInstance = new NpgsqlConnection(app.Database.ConnectionString);
        await otherInstance.OpenAsync();
        await using var transaction = await otherInstance.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({WriteTransaction.WriteLockKey})", otherInstance, transaction))
            await take.ExecuteNonQueryAsync();

        var command = app.FoundAsync(location, item, 10);
        var finishedFirst = await Task.WhenAny(command, Task.Delay(TimeSpan.FromSeconds(2)));
        Assert.NotSame(command, finishedFirst);
        await transaction.CommitAsync();
        await command.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(10, (await app.BalanceAsync(location, item)).QuantityOnHand);
    }

    [PostgresFact]
    public async Task Refuses_to_truncate_the_ledger()
    {
        var location = await app.CreateLocationAsync();
        await app.FoundAsync(location, await app.CreateItemAsync(), 10);

        var error = await app.AssertDatabaseRefusesAsync(() => app.ExecuteSqlAsync("""TRUNCATE "StockMovements" CASCADE"""));

        Assert.Contains(AppendOnlyLedgerSql.Message, error.Message, StringComparison.Ordinal);
    }
}
