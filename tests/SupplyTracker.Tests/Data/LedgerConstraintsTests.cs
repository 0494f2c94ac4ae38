using Microsoft.EntityFrameworkCore;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Data;

/// <summary>The database itself guards the ledger against anyone who bypasses the application.</summary>
[Trait("Database", "true")]
public sealed class LedgerConstraintsTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private async Task<(long MovementId, long BalanceId)> StockedAsync()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        var adjusted = await app.FoundAsync(location, item, 10);
        var balance = await app.BalanceAsync(location, item);
        return (adjusted.MovementId, balance.Id);
    }

    [Fact]
    public async Task Refuses_to_update_a_stock_movement()
    {
        var (movementId, _) = await StockedAsync();

        var error = await app.AssertDatabaseRefusesAsync(() =>
            app.ExecuteSqlAsync("""UPDATE "StockMovements" SET "Quantity" = 1000 WHERE "Id" = {0}""", movementId));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_to_delete_a_stock_movement()
    {
        var (movementId, _) = await StockedAsync();

        var error = await app.AssertDatabaseRefusesAsync(() =>
            app.ExecuteSqlAsync("""DELETE FROM "StockMovements" WHERE "Id" = {0}""", movementId));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EF_refuses_to_save_a_changed_stock_movement()
    {
        var (movementId, _) = await StockedAsync();

        await app.AssertRefusedWritingNothingAsync<InvalidOperationException>(() => app.QueryAsync(async db =>
        {
            var movement = await db.StockMovements.SingleAsync(m => m.Id == movementId);
            db.Remove(movement);
            return await db.SaveChangesAsync();
        }));
    }

    [Theory]
    [InlineData("\"QuantityOnHand\" = -1", "CK_StockBalances_")]
    [InlineData("\"QuantityQuarantined\" = -1", "CK_StockBalances_Quarantined")]
    [InlineData("\"QuantityReserved\" = -1", "CK_StockBalances_Reserved")]
    [InlineData("\"QuantityReserved\" = 6, \"QuantityQuarantined\" = 5", "CK_StockBalances_Available")]
    public async Task Check_constraints_refuse_a_negative_balance(string assignment, string constraint)
    {
        var (_, balanceId) = await StockedAsync();

        var error = await app.AssertDatabaseRefusesAsync(() =>
            app.ExecuteSqlAsync("""UPDATE "StockBalances" SET """ + assignment + """ WHERE "Id" = {0}""", balanceId));

        Assert.Contains(constraint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_constraints_refuse_inserting_a_negative_balance()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        await app.FoundAsync(location, item, 10);
        var lotId = (await app.BalanceAsync(location, item)).LotId;
        var other = await app.CreateLocationAsync();

        var error = await app.AssertDatabaseRefusesAsync(() => app.ExecuteSqlAsync(
            """INSERT INTO "StockBalances" ("LocationId", "ItemId", "LotId", "QuantityOnHand", "QuantityReserved", "QuantityQuarantined", "Version") VALUES ({0}, {1}, {2}, -5, 0, 0, 0)""",
            other.Id, item.Id, lotId));

        Assert.Contains("CK_StockBalances_", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_constraints_refuse_a_zero_movement()
    {
        var (movementId, _) = await StockedAsync();

        var error = await app.AssertDatabaseRefusesAsync(() => app.ExecuteSqlAsync(
            """INSERT INTO "StockMovements" ("LocationId", "ItemId", "LotId", "Quantity", "Status", "Kind", "ReferenceType", "ReferenceId", "RecordedBy", "RecordedAt", "Sequence", "Hash") """ +
            """SELECT "LocationId", "ItemId", "LotId", 0, "Status", "Kind", "ReferenceType", "ReferenceId", "RecordedBy", "RecordedAt", "Sequence" + 1000000, "Hash" FROM "StockMovements" WHERE "Id" = {0}""",
            movementId));

        Assert.Contains("CK_StockMovements_Quantity", error.Message, StringComparison.Ordinal);
    }
}
