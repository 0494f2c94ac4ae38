using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SkiaSharp;
using SupplyTracker.Documents;
using SupplyTracker.Documents.Layout;
using SupplyTracker.Documents.Receipts;

namespace SupplyTracker.Bench;

/// <summary>
/// Receipts at scale: 10,000 inspected donations, then one receipt batch (<c>POST /jobs/receipts</c>: each receipt
/// drafted, rendered, stored in its own transaction) and the batch's zip; the service's CPU over both, as receipts per
/// CPU-second (= per second per core), against the raw SkiaSharp page of <c>SupplyTracker.Bench.Receipts</c> (the same
/// strings drawn at fixed positions with the whole font, on one thread of this process: pages per CPU-second).
/// The donations are one donation recorded and inspected through the API, then copied row by row in SQLite (a
/// donation and its lines, new ids and references): the receipts read donations and lines, not the ledger.
/// </summary>
public static class ReceiptBatchBench
{
    public sealed record Result(int Receipts, double IssueSeconds, double ZipSeconds, double CpuSeconds, long ZipBytes, double RawPagesPerCpuSecond)
    {
        public double PerCpuSecond => Receipts / CpuSeconds;
    }

    public static async Task<Result> RunAsync(string app, string database, Func<Uri, Task<HttpClient>> signIn, int count)
    {
        await using (var service = await ServiceProcess.StartAsync(app, database))
        {
            using var http = await signIn(service.BaseAddress);
            using var created = await http.PostAsJsonAsync("odata/Donations", new
            {
                donorId = 1, receivingLocationId = 1, receivedOn = "2026-10-15", note = "receipt bench",
                lines = new object[]
                {
                    new { itemId = 1, quantity = 500 },
                    new { itemId = 2, quantity = 100 },
                    new { itemId = 5, quantity = 24, lotNumber = "84-R", expiresOn = "2028-10-31" },
                },
            });
            var id = (await Json(created)).GetProperty("id").GetInt32();
            using var lines = await http.GetAsync($"odata/Donations({id})/lines?$select=id");
            var decisions = (await Json(lines)).GetProperty("value").EnumerateArray().Select(l => new { lineId = l.GetProperty("id").GetInt32(), outcome = "Accept" });
            using var inspected = await http.PostAsJsonAsync($"odata/Donations({id})/Inspect", new { decisions });
            await Json(inspected);
            CopyDonation(database, id, count - 1);
        }

        await using var measured = await ServiceProcess.StartAsync(app, database);
        using var client = await signIn(measured.BaseAddress);
        var cpuBefore = measured.CpuTime();
        var clock = Stopwatch.StartNew();
        using var started = await client.PostAsJsonAsync("jobs/receipts", new { from = "2026-10-15", to = "2026-10-15" });
        var batch = (await Json(started)).GetProperty("id").GetString();
        JsonElement progress;
        do
        {
            await Task.Delay(250);
            using var poll = await client.GetAsync($"jobs/receipts/{batch}");
            progress = await Json(poll);
        }
        while (progress.GetProperty("status").GetString() != "Done");
        var issueSeconds = clock.Elapsed.TotalSeconds;
        var issued = progress.GetProperty("issued").GetInt32();
        if (issued != count || progress.GetProperty("failed").GetInt32() != 0)
            throw new InvalidOperationException($"The batch issued {issued} of {count} receipts: {progress}");
        var zipClock = Stopwatch.StartNew();
        using var zip = await client.GetAsync($"jobs/receipts/{batch}/zip", HttpCompletionOption.ResponseHeadersRead);
        zip.EnsureSuccessStatusCode();
        var zipBytes = (await zip.Content.ReadAsByteArrayAsync()).LongLength;
        var zipSeconds = zipClock.Elapsed.TotalSeconds;
        var cpu = (measured.CpuTime() - cpuBefore).TotalSeconds;
        return new Result(issued, issueSeconds, zipSeconds, cpu, zipBytes, RawPagesPerCpuSecond(TimeSpan.FromSeconds(3)));
    }

    /// <summary>The donation and its lines copied <paramref name="copies"/> times in one transaction (new ids, references R-n).</summary>
    private static void CopyDonation(string database, int donationId, int copies)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        var donationColumns = Columns(connection, "Donations").Where(c => c is not "Id").ToList();
        var lineColumns = Columns(connection, "DonationLines").Where(c => c is not "Id").ToList();
        using var transaction = connection.BeginTransaction();
        using var donation = connection.CreateCommand();
        donation.CommandText = $"""
            INSERT INTO "Donations" ({string.Join(", ", donationColumns.Select(Quote))})
            SELECT {string.Join(", ", donationColumns.Select(c => c == "Reference" ? "$reference" : Quote(c)))} FROM "Donations" WHERE "Id" = $id;
            SELECT last_insert_rowid();
            """;
        var reference = donation.Parameters.Add("$reference", SqliteType.Text);
        donation.Parameters.AddWithValue("$id", donationId);
        using var line = connection.CreateCommand();
        line.CommandText = $"""
            INSERT INTO "DonationLines" ({string.Join(", ", lineColumns.Select(Quote))})
            SELECT {string.Join(", ", lineColumns.Select(c => c == "DonationId" ? "$copy" : Quote(c)))} FROM "DonationLines" WHERE "DonationId" = $id
            """;
        var copy = line.Parameters.Add("$copy", SqliteType.Integer);
        line.Parameters.AddWithValue("$id", donationId);
        donation.Transaction = transaction;
        line.Transaction = transaction;
        for (var i = 0; i < copies; i++)
        {
            reference.Value = $"R-{i:000000}";
            copy.Value = (long)donation.ExecuteScalar()!;
            line.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static List<string> Columns(SqliteConnection connection, string table)
    {
        using var info = connection.CreateCommand();
        info.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = info.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read()) columns.Add(reader.GetString(0));
        return columns;
    }

    private static string Quote(string column) => $"\"{column}\"";

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode} from {response.RequestMessage?.RequestUri}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The raw page of bench/SupplyTracker.Bench.Receipts, on this thread: pages per CPU-second of this thread.</summary>
    private static double RawPagesPerCpuSecond(TimeSpan duration)
    {
        var options = new DocumentOptions();
        using var font = DocumentFont.Find(options.FontPath)
            ?? throw new InvalidOperationException(new DocumentFontMissingException(options.FontPath).Message);
        var receipt = SampleReceipt.Rendering(options);
        var strings = RawReceiptPage.Strings(receipt).ToList();
        using var typeface = SKTypeface.FromFile(font.Path, font.FaceIndex);
        for (var i = 0; i < 2; i++) RawReceiptPage.RawPage(typeface, strings);
        var cpuBefore = ThreadCpu();
        var clock = Stopwatch.StartNew();
        var pages = 0;
        while (clock.Elapsed < duration || pages < 3)
        {
            RawReceiptPage.RawPage(typeface, strings);
            pages++;
        }
        return pages / (ThreadCpu() - cpuBefore).TotalSeconds;
    }

    // This thread's CPU time (utime + stime of /proc/thread-self/stat, in clock ticks of 10 ms).
    private static TimeSpan ThreadCpu()
    {
        var fields = File.ReadAllText("/proc/thread-self/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

}
