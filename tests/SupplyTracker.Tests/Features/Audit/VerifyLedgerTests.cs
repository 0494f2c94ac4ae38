using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SupplyTracker.Cli;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Audit;
using SupplyTracker.Tests.Infrastructure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Audit;

[Trait("Database", "true")]
public sealed class VerifyLedgerTests(AuthTestApp app) : IClassFixture<AuthTestApp>
{
    [Theory]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Admin)]
    public async Task Seeded_ledger_verifies_ok(string role)
    {
        var client = await app.CreateClientAsAsync(role);

        var result = await client.GetFromJsonAsync<LedgerVerification>("/audit/verify-ledger");

        Assert.True(result!.Ok);
        Assert.Equal("ok", result.Summary);
        Assert.True(result.MovementsChecked > 0);
    }

    [Theory]
    [InlineData(Roles.Logistics, null)]
    [InlineData(Roles.Station, "CP-HEPING")]
    public async Task Other_roles_may_not_verify_the_ledger(string role, string? locationCode)
    {
        var client = await app.CreateClientAsAsync(role, locationCode);

        var response = await client.GetAsync("/audit/verify-ledger");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Movements_are_numbered_without_gaps_and_each_links_to_the_one_before()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var movements = await scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>().StockMovements
            .AsNoTracking().Include(m => m.Lot).OrderBy(m => m.Sequence).ToListAsync();

        Assert.Equal(Enumerable.Range(1, movements.Count).Select(i => (long)i), movements.Select(m => m.Sequence));
        Assert.Equal(movements[0].ComputeHash(StockMovement.GenesisHash), movements[0].Hash);
        Assert.Equal(movements[1].ComputeHash(movements[0].Hash), movements[1].Hash);
    }
}

/// <summary>Each test tampers with its own database.</summary>
[Trait("Database", "true")]
public sealed class TamperedLedgerTests
{
    [Fact]
    public async Task Editing_one_movement_in_the_database_breaks_the_chain_at_that_row()
    {
        using var app = new AuthTestApp();
        var auditor = await app.CreateClientAsAsync(Roles.Auditor);
        Assert.True((await auditor.GetFromJsonAsync<LedgerVerification>("/audit/verify-ledger"))!.Ok);

        var tamperedId = await ExecuteAsync(app, DropTrigger("TR_StockMovements_NoUpdate"),
            """UPDATE "StockMovements" SET "Quantity" = "Quantity" + 1 WHERE "Sequence" = 3""",
            """SELECT "Id" FROM "StockMovements" WHERE "Sequence" = 3""");
        var result = await auditor.GetFromJsonAsync<LedgerVerification>("/audit/verify-ledger");

        Assert.False(result!.Ok);
        Assert.Equal(tamperedId, result.BrokenMovementId);
        Assert.Equal(3, result.BrokenSequence);
        Assert.Equal(2, result.MovementsChecked);
    }

    [Fact]
    public async Task Deleting_a_movement_breaks_the_chain_at_the_next_row()
    {
        using var app = new AuthTestApp();
        var auditor = await app.CreateClientAsAsync(Roles.Auditor);

        var nextId = await ExecuteAsync(app, DropTrigger("TR_StockMovements_NoDelete"),
            """DELETE FROM "StockMovements" WHERE "Sequence" = 2""",
            """SELECT "Id" FROM "StockMovements" WHERE "Sequence" = 3""");
        var result = await auditor.GetFromJsonAsync<LedgerVerification>("/audit/verify-ledger");

        Assert.False(result!.Ok);
        Assert.Equal(nextId, result.BrokenMovementId);
    }

    [Fact]
    public async Task Cutting_off_the_newest_movements_is_caught_by_the_balances()
    {
        using var app = new AuthTestApp();
        var auditor = await app.CreateClientAsAsync(Roles.Auditor);
        var total = await ExecuteAsync(app, """SELECT COUNT(*) FROM "StockMovements" """);

        // The chain of the rows left is intact: only the balances still remember the last movement.
        await ExecuteAsync(app, DropTrigger("TR_StockMovements_NoDelete"),
            $"""DELETE FROM "StockMovements" WHERE "Sequence" = {total}""", "SELECT 0");
        var result = await auditor.GetFromJsonAsync<LedgerVerification>("/audit/verify-ledger");

        Assert.False(result!.Ok);
        Assert.Equal(total - 1, result.MovementsChecked);
        Assert.Null(result.BrokenMovementId);
        Assert.Contains("movements are missing or the balance was edited", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_a_balance_is_caught()
    {
        using var app = new AuthTestApp();
        var auditor = await app.CreateClientAsAsync(Roles.Auditor);

        await ExecuteAsync(app, """UPDATE "StockBalances" SET "QuantityOnHand" = "QuantityOnHand" + 1000 WHERE "Id" = 1""", "SELECT 0");
        var result = await auditor.GetFromJsonAsync<LedgerVerification>("/audit/verify-ledger");

        Assert.False(result!.Ok);
        Assert.StartsWith("broken: the balance of lot", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ledger_verb_prints_ok_then_the_broken_row_and_exits_1()
    {
        using var app = new AuthTestApp();
        _ = app.Server;
        string[] args = ["verify-ledger", .. app.Database.HostArgs, "--Seed:Enabled=false"];

        var before = new StringWriter();
        var okExit = await CommandLine.RunAsync(args, before);
        var tamperedId = await ExecuteAsync(app, DropTrigger("TR_StockMovements_NoUpdate"),
            """UPDATE "StockMovements" SET "RecordedBy" = 'someone else' WHERE "Sequence" = 5""",
            """SELECT "Id" FROM "StockMovements" WHERE "Sequence" = 5""");
        var after = new StringWriter();
        var brokenExit = await CommandLine.RunAsync(args, after);

        Assert.Equal(0, okExit);
        Assert.Equal("ok", before.ToString().Trim());
        Assert.Equal(1, brokenExit);
        Assert.StartsWith($"broken at movement {tamperedId} (sequence 5)", after.ToString(), StringComparison.Ordinal);
    }

    private static string DropTrigger(string name) =>
        TestDatabase.IsPostgres ? $"DROP TRIGGER \"{name}\" ON \"StockMovements\"" : $"DROP TRIGGER {name}";

    /// <summary>Runs the statements straight on the database, as someone with the file or a SQL prompt would; returns the last one's value.</summary>
    private static async Task<long> ExecuteAsync(AuthTestApp app, params string[] statements)
    {
        await using var connection = TestDatabase.IsPostgres
            ? (DbConnection)new NpgsqlConnection(app.Database.ConnectionString)
            : new SqliteConnection($"{app.Database.ConnectionString};Pooling=False");
        await connection.OpenAsync();
        object? last = null;
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            last = await command.ExecuteScalarAsync();
        }
        return Convert.ToInt64(last, System.Globalization.CultureInfo.InvariantCulture);
    }
}
