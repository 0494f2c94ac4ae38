using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Bench;

/// <summary>
/// The floor under the intake figure: the rows the service writes for one intake (RecordDonation then InspectDonation
/// accepting every line, each POST with an Idempotency-Key), written with Microsoft.Data.Sqlite prepared statements on
/// one connection, one <c>BEGIN IMMEDIATE</c> transaction per donation, on a copy of the migrated database (same
/// triggers, indexes and constraints) with the service's pragmas. Per donation: 2 idempotency records (inserted, then
/// their response stored), the donation, 3 lines, their lots found (or added), 3 lines updated, 3 balances raised (or
/// added), the ledger tail read and 3 movements chained to it by the domain's own SHA-256 (<see cref="StockMovement.Chain"/>),
/// the donation's version raised, 2 audit entries with the commands as JSON.
/// </summary>
public static class BareIntake
{
    private sealed record Line(int ItemId, long Quantity, string? LotNumber, DateOnly? ExpiresOn);

    /// <summary>CPU time (user + system) of this process per donation in the last run, in milliseconds.</summary>
    public static double LastCpuMsPerDonation { get; private set; }

    public static async Task<double> DonationsPerSecondAsync(string databasePath, TimeSpan duration)
    {
        var connectionString = $"Data Source={databasePath}";
        Dictionary<int, Item> items;
        await using (var db = new SupplyTrackerDbContext(new DbContextOptionsBuilder<SupplyTrackerDbContext>().UseSqlite(connectionString).Options))
            items = await db.Items.AsNoTracking().ToDictionaryAsync(i => i.Id);

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        Exec(connection, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
        var s = new Statements(connection);

        var count = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            s.Enlist(transaction);
            Intake(s, items, count);
            transaction.Commit();
            count++;
        }
        LastCpuMsPerDonation = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / count;
        return count / clock.Elapsed.TotalSeconds;
    }

    private static void Intake(Statements s, Dictionary<int, Item> items, int n)
    {
        var now = DateTime.UtcNow;
        Line[] lines = [new(1, 500, null, null), new(2, 100, null, null), new(5, 24, $"84-{n % 50}", new DateOnly(2028, 10, 31))];
        var record = JsonSerializer.Serialize(new
        {
            donorId = 1 + n % 6, receivingLocationId = 1, receivedOn = "2026-11-01", note = $"bare {n}",
            lines = lines.Select(l => new { itemId = l.ItemId, quantity = l.Quantity, lotNumber = l.LotNumber, expiresOn = l.ExpiresOn, declaredValue = (decimal?)null }),
        });

        // POST /odata/Donations: the key, the command, its audit entry, the stored response.
        var recordKey = Claim(s, $"bare-{n}-record", "/odata/Donations", record, now);
        var donationId = Scalar(s.InsertDonation, ("$donor", 1 + n % 6), ("$at", now), ("$note", $"bare {n}"));
        var lineIds = new long[lines.Length];
        for (var i = 0; i < lines.Length; i++)
            lineIds[i] = Scalar(s.InsertLine, ("$donation", donationId), ("$number", i + 1), ("$item", lines[i].ItemId), ("$quantity", lines[i].Quantity),
                ("$lot", lines[i].LotNumber ?? ""), ("$expires", lines[i].ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Run(s.InsertAudit, ("$at", now), ("$command", "RecordDonation"), ("$payload", record));
        StoreResponse(s, recordKey, 201, JsonSerializer.Serialize(new { id = donationId, donorId = 1 + n % 6, note = $"bare {n}" }));

        // POST /odata/Donations(id)/Inspect accepting every line.
        var inspect = JsonSerializer.Serialize(new { donationId, decisions = lineIds.Select(id => new { lineId = id, outcome = "Accept", reason = (string?)null }) });
        var inspectKey = Claim(s, $"bare-{n}-inspect", $"/odata/Donations({donationId})/Inspect", inspect, now);
        var sequence = 0L;
        var previous = StockMovement.GenesisHash;
        using (var reader = s.LedgerTail.ExecuteReader())
            if (reader.Read()) (sequence, previous) = (reader.GetInt64(0), reader.GetString(1));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var lot = new Lot(items[line.ItemId], line.LotNumber, line.ExpiresOn);
            var lotId = FindOrAddLot(s, line);
            Run(s.AcceptLine, ("$id", lineIds[i]), ("$lot", lotId));
            if (Run(s.RaiseBalance, ("$location", 1), ("$item", line.ItemId), ("$lot", lotId), ("$quantity", line.Quantity)) == 0)
                Run(s.InsertBalance, ("$location", 1), ("$item", line.ItemId), ("$lot", lotId), ("$quantity", line.Quantity));
            var movement = new StockMovement(1, lot, line.Quantity, StockStatus.Usable, MovementKind.DonationAccepted, MovementReference.Donation,
                donationId, "bench", now);
            movement.Chain(++sequence, previous);
            previous = movement.Hash;
            Run(s.InsertMovement, ("$location", 1), ("$item", line.ItemId), ("$lot", lotId), ("$quantity", line.Quantity), ("$reference", donationId),
                ("$at", movement.RecordedAt), ("$sequence", sequence), ("$hash", movement.Hash));
        }
        Run(s.RaiseVersion, ("$id", donationId));
        Run(s.InsertAudit, ("$at", now), ("$command", "InspectDonation"), ("$payload", inspect));
        StoreResponse(s, inspectKey, 200, JsonSerializer.Serialize(new { donationId, fullyInspected = true }));
    }

    private static long Claim(Statements s, string key, string path, string body, DateTime now) =>
        Scalar(s.InsertKey, ("$key", key), ("$path", path), ("$hash", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))), ("$at", now));

    private static void StoreResponse(Statements s, long keyId, int status, string body) =>
        Run(s.StoreResponse, ("$id", keyId), ("$status", status), ("$body", Encoding.UTF8.GetBytes(body)));

    private static long FindOrAddLot(Statements s, Line line)
    {
        s.FindLot.Parameters["$item"].Value = line.ItemId;
        s.FindLot.Parameters["$number"].Value = line.LotNumber ?? "";
        if (s.FindLot.ExecuteScalar() is long id) return id;
        return Scalar(s.InsertLot, ("$item", line.ItemId), ("$number", line.LotNumber ?? ""),
            ("$expires", line.ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    private static int Run(SqliteCommand command, params (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values) command.Parameters[name].Value = value ?? DBNull.Value;
        return command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteCommand command, params (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values) command.Parameters[name].Value = value ?? DBNull.Value;
        return (long)command.ExecuteScalar()!;
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Every statement prepared once; parameters named in the SQL are created from it.</summary>
    private sealed class Statements(SqliteConnection connection)
    {
        public SqliteCommand InsertKey { get; } = Prepare(connection, """
            INSERT INTO "IdempotencyRecords" ("Caller", "Key", "Method", "Path", "RequestHash", "CreatedAt") VALUES ('bench', $key, 'POST', $path, $hash, $at) RETURNING "Id"
            """);
        public SqliteCommand StoreResponse { get; } = Prepare(connection, """
            UPDATE "IdempotencyRecords" SET "StatusCode" = $status, "ContentType" = 'application/json; odata.metadata=minimal; charset=utf-8',
                "ResponseHeaders" = '{"OData-Version":"4.0"}', "ResponseBody" = $body WHERE "Id" = $id
            """);
        public SqliteCommand InsertDonation { get; } = Prepare(connection, """
            INSERT INTO "Donations" ("DonorId", "ReceivingLocationId", "ReceivedOn", "Note", "RecordedBy", "RecordedAt", "Version")
            VALUES ($donor, 1, '2026-11-01', $note, 'bench', $at, 0) RETURNING "Id"
            """);
        public SqliteCommand InsertLine { get; } = Prepare(connection, """
            INSERT INTO "DonationLines" ("DonationId", "LineNumber", "ItemId", "Quantity", "LotNumber", "ExpiresOn", "Disposition")
            VALUES ($donation, $number, $item, $quantity, $lot, $expires, 'Pending') RETURNING "Id"
            """);
        public SqliteCommand InsertAudit { get; } = Prepare(connection, """
            INSERT INTO "AuditEntries" ("At", "User", "Command", "Payload") VALUES ($at, 'bench', $command, $payload)
            """);
        public SqliteCommand FindLot { get; } = Prepare(connection, """SELECT "Id" FROM "Lots" WHERE "ItemId" = $item AND "LotNumber" = $number""");
        public SqliteCommand InsertLot { get; } = Prepare(connection, """
            INSERT INTO "Lots" ("ItemId", "LotNumber", "ExpiresOn") VALUES ($item, $number, $expires) RETURNING "Id"
            """);
        public SqliteCommand AcceptLine { get; } = Prepare(connection, """UPDATE "DonationLines" SET "Disposition" = 'Accepted', "LotId" = $lot WHERE "Id" = $id""");
        public SqliteCommand RaiseBalance { get; } = Prepare(connection, """
            UPDATE "StockBalances" SET "QuantityOnHand" = "QuantityOnHand" + $quantity, "Version" = "Version" + 1
            WHERE "LocationId" = $location AND "ItemId" = $item AND "LotId" = $lot
            """);
        public SqliteCommand InsertBalance { get; } = Prepare(connection, """
            INSERT INTO "StockBalances" ("LocationId", "ItemId", "LotId", "QuantityOnHand", "QuantityReserved", "QuantityQuarantined", "Version")
            VALUES ($location, $item, $lot, $quantity, 0, 0, 1)
            """);
        public SqliteCommand LedgerTail { get; } = Prepare(connection, """SELECT "Sequence", "Hash" FROM "StockMovements" ORDER BY "Sequence" DESC LIMIT 1""");
        public SqliteCommand InsertMovement { get; } = Prepare(connection, """
            INSERT INTO "StockMovements" ("LocationId", "ItemId", "LotId", "Quantity", "Status", "Kind", "ReferenceType", "ReferenceId",
                                          "RecordedBy", "RecordedAt", "Sequence", "Hash")
            VALUES ($location, $item, $lot, $quantity, 'Usable', 'DonationAccepted', 'Donation', $reference, 'bench', $at, $sequence, $hash)
            """);
        public SqliteCommand RaiseVersion { get; } = Prepare(connection, """UPDATE "Donations" SET "Version" = "Version" + 1 WHERE "Id" = $id""");

        public void Enlist(SqliteTransaction transaction)
        {
            foreach (var command in new[] { InsertKey, StoreResponse, InsertDonation, InsertLine, InsertAudit, FindLot, InsertLot, AcceptLine,
                         RaiseBalance, InsertBalance, LedgerTail, InsertMovement, RaiseVersion })
                command.Transaction = transaction;
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (System.Text.RegularExpressions.Match name in System.Text.RegularExpressions.Regex.Matches(sql, @"\$[a-z]+"))
                if (!command.Parameters.Contains(name.Value)) command.Parameters.Add(new SqliteParameter(name.Value, null));
            command.Prepare();
            return command;
        }
    }
}
