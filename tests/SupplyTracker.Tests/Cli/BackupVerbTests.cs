using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Cli;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Api;
using SupplyTracker.Tests.Features.Requests;
using SupplyTracker.Tests.Infrastructure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Cli;

[Trait("Database", "true")]
public sealed class BackupVerbTests : IDisposable
{
    private readonly string _livePath = Path.Combine(Path.GetTempPath(), $"supplytracker-live-{Guid.NewGuid():N}.db");
    private readonly string _backupPath = Path.Combine(Path.GetTempPath(), $"supplytracker-backup-{Guid.NewGuid():N}", "copy.db");

    [SqliteFact]
    public async Task Backup_taken_while_the_service_writes_restores_every_movement_with_a_verifying_chain()
    {
        Dictionary<long, string> acknowledged;
        var writtenDuringBackup = 0;
        using (var live = FileApp(_livePath))
        {
            var logistics = await live.CreateClientAsAsync(Roles.Logistics);
            for (var i = 0; i < 5; i++)
                await RecordAndAcceptAsync(logistics, i);
            acknowledged = Movements(_livePath);

            // Intake keeps running while the backup is taken.
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                    await RecordAndAcceptAsync(logistics, 100 + writtenDuringBackup++);
            });
            await Task.Delay(100);
            var output = new StringWriter();
            var exit = await CommandLine.RunAsync(
                ["backup", _backupPath, $"--ConnectionStrings:SupplyTracker=Data Source={_livePath}", "--environment", "Production"], output);
            await Task.Delay(100);
            await stop.CancelAsync();
            await writer;

            Assert.True(exit == 0, output.ToString());
            Assert.Contains("Backed up", output.ToString(), StringComparison.Ordinal);
            Assert.True(writtenDuringBackup > 0);
            var again = await CommandLine.RunAsync(["backup", _backupPath, $"--ConnectionStrings:SupplyTracker=Data Source={_livePath}"], new StringWriter());
            Assert.Equal(2, again);
        }

        var inBackup = Movements(_backupPath);
        var source = Movements(_livePath);
        Assert.All(acknowledged, m => Assert.Equal(m.Value, inBackup.GetValueOrDefault(m.Key)));
        Assert.All(inBackup, m => Assert.Equal(source[m.Key], m.Value));

        // Restore: the backup file becomes the app's database.
        using var restored = FileApp(_backupPath);
        var auditor = await restored.CreateClientAsAsync(Roles.Auditor);
        var verification = await auditor.GetJsonAsync("/audit/verify-ledger");
        Assert.True(verification.GetProperty("ok").GetBoolean(), verification.ToString());
        Assert.Equal(inBackup.Count, verification.GetProperty("movementsChecked").GetInt64());
        Assert.Equal(inBackup.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await auditor.GetStringAsync("/odata/StockMovements/$count"));
        await using var scope = restored.Services.CreateAsyncScope();
        await LedgerInvariants.AssertConsistentAsync(scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>());
    }

    private static async Task RecordAndAcceptAsync(HttpClient client, int n)
    {
        using var created = await client.PostAsJsonAsync("/odata/Donations", new
        {
            donorId = 1, receivingLocationId = 1, receivedOn = "2026-11-01", note = $"backup {n}",
            lines = new object[]
            {
                new { itemId = 1, quantity = 100 + n },
                new { itemId = 2, quantity = 20 },
                new { itemId = 5, quantity = 6, lotNumber = $"84-B{n}", expiresOn = "2028-10-31" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();
        var lines = (await client.GetJsonAsync($"/odata/Donations({id})/lines")).Values();
        using var inspected = await client.PostAsJsonAsync($"/odata/Donations({id})/Inspect", new
        {
            decisions = lines.Select(l => new { lineId = l.GetProperty("id").GetInt32(), outcome = "Accept" }),
        });
        Assert.Equal(HttpStatusCode.OK, inspected.StatusCode);
    }

    /// <summary>Every movement's id and hash, read through a raw connection.</summary>
    private static Dictionary<long, string> Movements(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Id\", \"Hash\" FROM \"StockMovements\"";
        using var reader = command.ExecuteReader();
        var movements = new Dictionary<long, string>();
        while (reader.Read())
            movements[reader.GetInt64(0)] = reader.GetString(1);
        return movements;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_livePath + suffix);
            File.Delete(_backupPath + suffix);
        }
        Directory.Delete(Path.GetDirectoryName(_backupPath)!, recursive: true);
    }

    /// <summary>The app in Production over one SQLite file, which the test deletes itself.</summary>
    private static TestApp FileApp(string path) =>
        new(new TestAppOptions { Environment = "Production", Database = TestDatabase.SqliteFile(path), OwnsDatabase = false, QuietLogs = false });
}
