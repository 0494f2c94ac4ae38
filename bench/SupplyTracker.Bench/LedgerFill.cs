using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Bench;

/// <summary>
/// Appends movements straight into the ledger, fast: one transaction, one prepared INSERT, each movement chained to
/// the previous one by the domain's own hash (the append-only triggers forbid only UPDATE and DELETE), and the balance
/// raised by the same total so it still equals the sum of its movements.
/// </summary>
public static class LedgerFill
{
    public static async Task<TimeSpan> AppendAsync(string databasePath, int locationId, string itemCode, string lotNumber, int count)
    {
        var clock = Stopwatch.StartNew();
        var connectionString = $"Data Source={databasePath};Pooling=False";
        Lot lot;
        await using (var db = new SupplyTrackerDbContext(new DbContextOptionsBuilder<SupplyTrackerDbContext>().UseSqlite(connectionString).Options))
            lot = await db.Lots.AsNoTracking().Include(l => l.Item).SingleAsync(l => l.Item.Code == itemCode && l.LotNumber == lotNumber);

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var tail = connection.CreateCommand();
        tail.CommandText = """SELECT "Sequence", "Hash" FROM "StockMovements" ORDER BY "Sequence" DESC LIMIT 1""";
        long sequence = 0;
        var previous = StockMovement.GenesisHash;
        await using (var reader = await tail.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync()) (sequence, previous) = (reader.GetInt64(0), reader.GetString(1));
        }

        var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO "StockMovements" ("LocationId", "ItemId", "LotId", "Quantity", "Status", "Kind", "ReferenceType", "ReferenceId",
                                          "ReasonCode", "RecordedBy", "RecordedAt", "Sequence", "Hash")
            VALUES ($location, $item, $lot, 1, 'Usable', 'Adjustment', 'StockAdjustment', 0, 'Found', 'bench', $at, $sequence, $hash)
            """;
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        var sequenceParameter = insert.Parameters.Add("$sequence", SqliteType.Integer);
        var hash = insert.Parameters.Add("$hash", SqliteType.Text);
        insert.Parameters.AddWithValue("$location", locationId);
        insert.Parameters.AddWithValue("$item", lot.ItemId);
        insert.Parameters.AddWithValue("$lot", lot.Id);
        insert.Prepare();
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            var recordedAt = start.AddMilliseconds(i);
            var movement = new StockMovement(locationId, lot, 1, StockStatus.Usable, MovementKind.Adjustment, MovementReference.StockAdjustment, 0,
                "bench", recordedAt, "Found");
            movement.Chain(++sequence, previous);
            at.Value = recordedAt;
            sequenceParameter.Value = sequence;
            hash.Value = movement.Hash;
            await insert.ExecuteNonQueryAsync();
            previous = movement.Hash;
        }

        var raise = connection.CreateCommand();
        raise.CommandText = """UPDATE "StockBalances" SET "QuantityOnHand" = "QuantityOnHand" + $count WHERE "LocationId" = $location AND "LotId" = $lot""";
        raise.Parameters.AddWithValue("$count", count);
        raise.Parameters.AddWithValue("$location", locationId);
        raise.Parameters.AddWithValue("$lot", lot.Id);
        if (await raise.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException("No balance for the lot at that location.");
        await transaction.CommitAsync();
        return clock.Elapsed;
    }
}
