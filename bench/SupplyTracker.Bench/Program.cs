using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SupplyTracker.Bench;

// dotnet SupplyTracker.Bench.dll --app path/to/published/SupplyTracker.dll   (scripts/bench does the publishing)
// dotnet SupplyTracker.Bench.dll serve-plain --urls …                         (the child process of the list comparison)
if (args is ["serve-plain", ..])
    return await PlainServer.RunAsync(args[1..]);

var app = Path.GetFullPath(args.SkipWhile(a => a != "--app").Skip(1).FirstOrDefault()
    ?? throw new ArgumentException("usage: --app path/to/SupplyTracker.dll [--seconds 10]"));
var seconds = int.Parse(args.SkipWhile(a => a != "--seconds").Skip(1).FirstOrDefault() ?? "10", CultureInfo.InvariantCulture);
// --trace out.nettrace: dotnet-trace (the repository's local tool) samples the service during the intake load.
// --only-intake: stop after the intake figures (for profiling runs).
var tracePath = args.SkipWhile(a => a != "--trace").Skip(1).FirstOrDefault() is { } t ? Path.GetFullPath(t) : null;
var onlyIntake = args.Contains("--only-intake");
// --trace-list out.nettrace: the same during the OData list load. --only-list: a short intake (rows to list), the two
// list figures, nothing else (for profiling the list).
var traceListPath = args.SkipWhile(a => a != "--trace-list").Skip(1).FirstOrDefault() is { } tl ? Path.GetFullPath(tl) : null;
var onlyList = args.Contains("--only-list");
// --only-reads: only the reads with 1,000 and 1,000,000 movements (the ledger-length figures).
var onlyReads = args.Contains("--only-reads");
// --intake-and-list: the full intake and the two list figures, then the table (the write-path figures without the reads,
// import and cold start).
var intakeAndList = args.Contains("--intake-and-list");
// --warmup N: at least N seconds of intake before the measured load (default 5), then more 5-second rounds until the
// service's JIT has settled: fewer than 1% of its compiled methods (dotnet_jit_compiled_methods_total on /metrics) added
// in the last round, or --warmup-max seconds (default 180). A fresh service re-JITs its hot methods (tiered compilation)
// on the same 2 cores for about a minute under 8 clients (20,000 methods: bench/README.md, "Session 7"); a fixed 5 s
// measured the JIT more than the requests. The warm-up's own length and CPU per donation are printed beside the figure.
var warmup = int.Parse(args.SkipWhile(a => a != "--warmup").Skip(1).FirstOrDefault() ?? "5", CultureInfo.InvariantCulture);
var warmupMax = int.Parse(args.SkipWhile(a => a != "--warmup-max").Skip(1).FirstOrDefault() ?? "180", CultureInfo.InvariantCulture);
// --memory-and-start: the intake and list loads of the service (resident memory), the import and the cold starts; no
// plain server, no 1M-movement reads (the memory, import and start-up figures in a few minutes).
var memoryAndStart = args.Contains("--memory-and-start");
var self = typeof(PlainServer).Assembly.Location;
var work = Directory.CreateTempSubdirectory("supplytracker-bench-").FullName;
var report = new Report();
const string Password = "bench-password-1234";
var total = Stopwatch.StartNew();

Console.WriteLine($"bench: {Environment.ProcessorCount} cores, {Machine()}, work in {work}, {seconds}s per load");

// --postgres "connection string": only the PostgreSQL intake on one and two instances (docs/scaling.md).
if (args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault() is { } postgres)
    return await PostgresIntake.RunAsync(app, postgres, seconds, work, Password);

// 1. The disk's own limit: single-row commits with the service's pragmas (context only, no target).
var raw = RawCommits(Path.Combine(work, "raw.db"), "NORMAL", TimeSpan.FromSeconds(3));
Console.WriteLine($"bench: raw SQLite single-row commits: {raw:F0}/s (synchronous=NORMAL, as the service)");

// A seeded template: migrations, seed data, one Admin user.
var template = Path.Combine(work, "template.db");
await ServiceProcess.RunVerbAsync(app, template, "users", "add", "--role", "Admin", "--name", "bench", "--password", Password);

// --only-receipts: only the receipt batch (10,000 receipts issued and rendered, per CPU-second against the raw page).
if (args.Contains("--only-receipts"))
{
    AddReceipts(await ReceiptBatchBench.RunAsync(app, Copy(template, "receipts.db"), SignedInAsync, 10_000));
    report.Print();
    Console.WriteLine($"bench: done in {total.Elapsed.TotalSeconds:F0}s");
    Directory.Delete(work, recursive: true);
    return 0;
}

if (onlyReads)
{
    AddReads(await MeasureReadsAsync());
    report.Print();
    Console.WriteLine($"bench: done in {total.Elapsed.TotalSeconds:F0}s");
    Directory.Delete(work, recursive: true);
    return 0;
}

// 2. The bare intake: the same rows with prepared statements, one transaction per donation, one process.
var bare = await BareIntake.DonationsPerSecondAsync(Copy(template, "bare.db"), TimeSpan.FromSeconds(Math.Max(3, seconds / 2)));
var bareCpu = BareIntake.LastCpuMsPerDonation;
Console.WriteLine($"bench: bare intake (prepared statements, same rows, one transaction per donation): {bare:F0} donations/s, {bareCpu:F3} ms CPU each");

// 3. Donation intake over HTTP (each POST with an Idempotency-Key, as a client that retries would), resident memory under load.
var intakeDb = Copy(template, "intake.db");
long peakRss = 0;
LoadResult intake;
LoadResult odataList;
// CPU per operation (the service's utime + stime over a load ÷ operations) and bytes allocated per operation (the runtime
// meter on /metrics): figures that hold when the shared machine is busy, unlike the rates.
double intakeCpu, intakeAlloc, listCpu = double.NaN, listAlloc = double.NaN;
string[] allocated = ["dotnet_gc_heap_total_allocated_bytes_total", "process_runtime_dotnet_gc_allocations_size_bytes_total"];
AuthenticationHeaderValue? listToken = null;
await using (var service = await ServiceProcess.StartAsync(app, intakeDb))
{
    using var http = await SignedInAsync(service.BaseAddress);
    var run = Guid.NewGuid().ToString("N")[..8];
    Task Donate(int _) => IntakeDriver.DonateAsync(http, run);
    var warmupCpuBefore = service.CpuTime();
    var (warmed, warmedFor, jitted, jittedLast) = await IntakeDriver.WarmUpAsync(http, Donate, onlyList ? 2 : warmup, onlyList ? 2 : warmupMax);
    Console.WriteLine($"bench: intake warm-up {warmed} donations in {warmedFor.TotalSeconds:F1}s, " +
        $"CPU {(service.CpuTime() - warmupCpuBefore).TotalMilliseconds / Math.Max(1, warmed):F2} ms per donation (JIT included); " +
        $"{jitted:F0} methods compiled, {jittedLast:F0} of them in the last round");
    var before = await http.GetStringAsync("metrics");
    using var trace = tracePath is null ? null : Process.Start(new ProcessStartInfo("dotnet",
        ["dotnet-trace", "collect", "-p", service.Id.ToString(CultureInfo.InvariantCulture), "-o", tracePath,
         "--duration", TimeSpan.FromSeconds(seconds).ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true, RedirectStandardInput = true });
    var cpuBefore = service.CpuTime();
    intake = await Load.RunAsync(8, TimeSpan.FromSeconds(onlyList ? 2 : seconds), Donate, () => peakRss = Math.Max(peakRss, service.ResidentBytes()));
    intakeCpu = (service.CpuTime() - cpuBefore).TotalMilliseconds / intake.Operations;
    var after = await http.GetStringAsync("metrics");
    intakeAlloc = Metrics.Increase(before, after, allocated) / intake.Operations;
    if (trace is not null)
    {
        await trace.WaitForExitAsync();
        Console.WriteLine($"bench: trace of the intake load in {tracePath} (dotnet dotnet-trace report {tracePath} topN --inclusive -n 40)");
    }
    Console.WriteLine($"bench: intake {intake.Operations} donations in {intake.Elapsed.TotalSeconds:F1}s, {intake.Errors} errors, " +
        $"p50 {intake.Percentile(0.5):F1} ms, p95 {intake.Percentile(0.95):F1} ms");
    Console.WriteLine("bench: from the service's /metrics during the intake load:");
    foreach (var (label, series, filter) in new[]
    {
        ("write lock wait", "supplytracker_write_lock_wait_seconds", ""), ("write lock hold", "supplytracker_write_lock_hold_seconds", ""),
        ("RecordDonation", "supplytracker_command_duration_seconds", "command=\"RecordDonation\""),
        ("InspectDonation", "supplytracker_command_duration_seconds", "command=\"InspectDonation\""),
    })
        Console.WriteLine($"bench:   {label}: mean {Metrics.MeanMs(before, after, series, filter):F2} ms");
    Console.WriteLine($"bench: intake CPU {intakeCpu:F2} ms per donation (service utime+stime), bare {bareCpu:F3} ms: {bareCpu / intakeCpu:F3}×; " +
        $"allocated {intakeAlloc / 1024:F0} KB per donation");

    if (onlyIntake)
    {
        report.Add("donation intake over HTTP (8 clients)", $"{intake.PerSecond:F1} donations/s, p50 {intake.Percentile(0.5):F0} ms",
            $"bare intake {bare:F0} donations/s", intake.PerSecond / bare, "≥ 0.1×", intake.PerSecond / bare >= 0.1);
        AddIntakeCpu();
        report.Print();
        return 0;
    }

    // 4. The OData list of 100 rows, then the same query as plain System.Text.Json.
    listToken = http.DefaultRequestHeaders.Authorization;
    async Task List(int _) { using var r = await http.GetAsync("odata/StockMovements?$top=100"); await Ok(r); }
    await Load.RunAsync(8, TimeSpan.FromSeconds(2), List);
    var listMetricsBefore = await http.GetStringAsync("metrics");
    var listCpuBefore = service.CpuTime();
    using var listTrace = traceListPath is null ? null : Process.Start(new ProcessStartInfo("dotnet",
        ["dotnet-trace", "collect", "-p", service.Id.ToString(CultureInfo.InvariantCulture), "-o", traceListPath,
         "--duration", TimeSpan.FromSeconds(seconds).ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true, RedirectStandardInput = true });
    odataList = await Load.RunAsync(8, TimeSpan.FromSeconds(seconds), List, () => peakRss = Math.Max(peakRss, service.ResidentBytes()));
    listCpu = (service.CpuTime() - listCpuBefore).TotalMilliseconds / odataList.Operations;
    listAlloc = Metrics.Increase(listMetricsBefore, await http.GetStringAsync("metrics"), allocated) / odataList.Operations;
    if (listTrace is not null)
    {
        await listTrace.WaitForExitAsync();
        Console.WriteLine($"bench: trace of the OData list load in {traceListPath}");
    }
}
LoadResult plainList = new(0, TimeSpan.FromSeconds(1), [], 0);
double plainCpu = double.NaN;
if (!memoryAndStart)
await using (var plain = await ServiceProcess.StartAsync(self, intakeDb, ["serve-plain"]))
{
    // The same bearer token as the OData list (issued by the service over this database): authentication on both sides.
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = plain.BaseAddress };
    http.DefaultRequestHeaders.Authorization = listToken;
    async Task List(int _) { using var r = await http.GetAsync("plain/StockMovements"); await Ok(r); }
    await Load.RunAsync(8, TimeSpan.FromSeconds(2), List);
    var plainCpuBefore = plain.CpuTime();
    plainList = await Load.RunAsync(8, TimeSpan.FromSeconds(seconds), List);
    plainCpu = (plain.CpuTime() - plainCpuBefore).TotalMilliseconds / plainList.Operations;
}
Console.WriteLine($"bench: OData list {odataList.PerSecond:F1} req/s p50 {odataList.Percentile(0.5):F1} ms; plain {plainList.PerSecond:F1} req/s p50 {plainList.Percentile(0.5):F1} ms");
Console.WriteLine($"bench: OData list CPU {listCpu:F2} ms per request (service utime+stime), plain {plainCpu:F2} ms: {plainCpu / listCpu:F3}×; " +
    $"allocated {listAlloc / 1024:F0} KB per request");
if (onlyList || intakeAndList)
{
    if (intakeAndList)
    {
        report.Add("donation intake over HTTP (8 clients)", $"{intake.PerSecond:F1} donations/s, p50 {intake.Percentile(0.5):F0} ms",
            $"bare intake {bare:F0} donations/s", intake.PerSecond / bare, "≥ 0.1×", intake.PerSecond / bare >= 0.1);
        AddIntakeCpu();
    }
    report.Add("OData list of 100 movements (8 clients, bearer token on both sides)", $"{odataList.PerSecond:F0} req/s, p50 {odataList.Percentile(0.5):F1} ms",
        $"plain System.Text.Json {plainList.PerSecond:F0} req/s, p50 {plainList.Percentile(0.5):F1} ms", odataList.PerSecond / plainList.PerSecond, "≥ 0.8×",
        odataList.PerSecond / plainList.PerSecond >= 0.8);
    AddListCpu();
    report.Print();
    return 0;
}

// 5. Reads with 1,000 and with 1,000,000 movements in the ledger: server-side time per request from /metrics.
async Task<((string Name, Func<long, string> Url)[] Reads, Dictionary<string, double> Small, Dictionary<string, double> Big)> MeasureReadsAsync()
{
    var small = Copy(template, "ledger-1k.db");
    var big = Copy(template, "ledger-1m.db");
    var fillSmall = await LedgerFill.AppendAsync(small, 1, "MSK-SURG", "YY20191203", 1_000);
    var fillBig = await LedgerFill.AppendAsync(big, 1, "MSK-SURG", "YY20191203", 1_000_000);
    Console.WriteLine($"bench: appended 1,000 movements in {fillSmall.TotalSeconds:F1}s and 1,000,000 in {fillBig.TotalSeconds:F1}s");
    var verified = await ServiceProcess.RunVerbAsync(app, small, "verify-ledger");
    if (verified.Trim() != "ok") throw new InvalidOperationException("The appended ledger does not verify: " + verified);
    (string Name, Func<long, string> Url)[] reads =
    [
        ("dashboard", _ => "Dashboard"),
        ("stock page", _ => "Stock"),
        ("movements page, deep (keyset half-way down)", last => $"Stock/Movements?before={last / 2}"),
        ("transparency page", _ => "Transparency"),
        ("StockBalances API, one item at one location", _ => "odata/StockBalances?$filter=locationId eq 1 and itemId eq 1&$select=lotNumber,quantityOnHand,quantityAvailable"),
    ];
    var readsSmall = await ReadTimesAsync(small, reads);
    var readsBig = await ReadTimesAsync(big, reads);
    return (reads, readsSmall, readsBig);
}

void AddReads(((string Name, Func<long, string> Url)[] Reads, Dictionary<string, double> Small, Dictionary<string, double> Big) measured)
{
    foreach (var (name, _) in measured.Reads)
    {
        var ratio = measured.Big[name] / measured.Small[name];
        report.Add($"{name}: server time with 1,000,000 movements", $"{measured.Big[name]:F2} ms", $"{measured.Small[name]:F2} ms with 1,000", ratio, "≤ 1.2×", ratio <= 1.2);
    }
}

var measuredReads = memoryAndStart ? default : await MeasureReadsAsync();

// 6. CSV import of 100,000 donation lines (an intake sheet of 1,000 donations of 100 lines) through POST /imports/donations.
var importDb = Copy(template, "import.db");
double importSeconds;
long importRss = 0;
await using (var service = await ServiceProcess.StartAsync(app, importDb))
{
    using var http = await SignedInAsync(service.BaseAddress);
    await ImportAsync(http, IntakeSheet("warm", 1_000));
    var csv = IntakeSheet("run", 100_000);
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested) { importRss = Math.Max(importRss, service.ResidentBytes()); await Task.Delay(50); }
    });
    var clock = Stopwatch.StartNew();
    var lines = await ImportAsync(http, csv);
    importSeconds = clock.Elapsed.TotalSeconds;
    await sampling.CancelAsync();
    await sampler;
    if (lines != 100_000) throw new InvalidOperationException($"The import recorded {lines} lines, not 100,000.");
    Console.WriteLine($"bench: CSV import: 100,000 lines ({csv.Length / 1048576.0:F1} MB) in {importSeconds:F2}s, peak VmRSS {importRss / 1048576.0:F0} MB");
}

// 7. Receipts at scale: a batch of 10,000 receipts issued (drafted, rendered, stored) and downloaded as one zip.
var receipts = await ReceiptBatchBench.RunAsync(app, Copy(template, "receipts.db"), SignedInAsync, 10_000);

// 8. Cold start: process start to the first 200 from /healthz (ready: database, migrations, font), on an existing database.
var starts = new List<double>();
var startCpu = new List<double>();
for (var i = 0; i < 5; i++)
{
    await using var service = await ServiceProcess.StartAsync(app, intakeDb);
    starts.Add(service.ColdStart.TotalMilliseconds);
    startCpu.Add(service.CpuToReady.TotalMilliseconds);
    Console.WriteLine($"bench: cold start {service.ColdStart.TotalMilliseconds:F0} ms, CPU to ready {service.CpuToReady.TotalMilliseconds:F0} ms, " +
        $"VmRSS at ready {service.ResidentAtReady / 1048576.0:F0} MB, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
}
starts.Sort();
startCpu.Sort();

var intakeRatio = intake.PerSecond / bare;
report.Add("donation intake over HTTP (3 requests: record, lines, inspect; Idempotency-Key; 8 clients)",
    $"{intake.PerSecond:F1} donations/s, p50 {intake.Percentile(0.5):F0} ms", $"bare intake {bare:F0} donations/s", intakeRatio,
    "≥ 0.1× (long-term 0.5×)", intakeRatio >= 0.1);
AddIntakeCpu();
if (!memoryAndStart)
{
    report.Add("OData list of 100 movements (8 clients, bearer token on both sides)", $"{odataList.PerSecond:F0} req/s, p50 {odataList.Percentile(0.5):F1} ms",
        $"plain System.Text.Json {plainList.PerSecond:F0} req/s, p50 {plainList.Percentile(0.5):F1} ms", odataList.PerSecond / plainList.PerSecond, "≥ 0.8×",
        odataList.PerSecond / plainList.PerSecond >= 0.8);
    AddListCpu();
    AddReads(measuredReads);
}
report.Add("CSV import of 100,000 donation lines (1,000 donations)", $"{importSeconds:F2} s", "10 s", importSeconds / 10, "≤ 1×", importSeconds <= 10);
report.Add("peak resident memory during the 100,000-line import", $"{importRss / 1048576.0:F0} MB", "300 MB", importRss / 1048576.0 / 300, "≤ 1×", importRss <= 300L * 1048576);
report.Add("resident memory under the intake and list loads (peak VmRSS)", $"{peakRss / 1048576.0:F0} MB", "250 MB", peakRss / 1048576.0 / 250, "≤ 1×", peakRss <= 250L * 1048576);
AddReceipts(receipts);
report.Add("cold start to first /healthz (median of 5)", $"{starts[2]:F0} ms (min {starts[0]:F0}, max {starts[^1]:F0})", "1,500 ms",
    starts[2] / 1500, "≤ 1×", starts[2] <= 1500);
report.Add("cold start: CPU time to first /healthz (median of 5; survives a busy machine)", $"{startCpu[2]:F0} ms (min {startCpu[0]:F0}, max {startCpu[^1]:F0})",
    "1,500 ms", startCpu[2] / 1500, "≤ 1×", startCpu[2] <= 1500);
report.Print();
Console.WriteLine($"bench: done in {total.Elapsed.TotalSeconds:F0}s");
Directory.Delete(work, recursive: true);
return 0;

void AddReceipts(ReceiptBatchBench.Result r)
{
    Console.WriteLine($"bench: receipt batch: {r.Receipts:N0} receipts issued in {r.IssueSeconds:F1}s, their zip ({r.ZipBytes / 1048576.0:F0} MB) in {r.ZipSeconds:F1}s, " +
        $"service CPU {r.CpuSeconds:F1}s: {r.PerCpuSecond:F1} receipts per CPU-second; raw SkiaSharp page {r.RawPagesPerCpuSecond:F1} per CPU-second");
    report.Add($"receipts at scale: {r.Receipts:N0} issued and rendered in one batch, then zipped (service CPU)",
        $"{r.PerCpuSecond:F1} receipts/s per core ({r.IssueSeconds:F0} s + zip {r.ZipSeconds:F0} s wall)",
        $"raw SkiaSharp page (whole font), {r.RawPagesPerCpuSecond:F1}/s per core", r.PerCpuSecond / r.RawPagesPerCpuSecond, "≥ 1×",
        r.PerCpuSecond >= r.RawPagesPerCpuSecond);
}

// The load-robust forms of the two ratios: CPU per operation of the serving process, inverted so that ≥ reads as for the rates.
void AddIntakeCpu() => report.Add("donation intake: service CPU per donation (utime+stime ÷ donations, 8 clients)",
    $"{intakeCpu:F2} ms, {intakeAlloc / 1024:F0} KB allocated", $"bare intake {bareCpu:F3} ms", bareCpu / intakeCpu, "≥ 0.1×", bareCpu / intakeCpu >= 0.1);
void AddListCpu() => report.Add("OData list of 100 movements: service CPU per request", $"{listCpu:F2} ms, {listAlloc / 1024:F0} KB allocated",
    $"plain {plainCpu:F2} ms", plainCpu / listCpu, "≥ 0.8×", plainCpu / listCpu >= 0.8);

// Each read: a warm-up, then sequential requests for up to 4 s (at least 3, at most 40); the mean server time of the
// route the requests hit, from the histogram's sum and count between two scrapes.
async Task<Dictionary<string, double>> ReadTimesAsync(string database, (string Name, Func<long, string> Url)[] urls)
{
    long last;
    await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
    {
        await connection.OpenAsync();
        await using var max = connection.CreateCommand();
        max.CommandText = """SELECT MAX("Id") FROM "StockMovements" """;
        last = (long)(await max.ExecuteScalarAsync())!;
    }
    await using var service = await ServiceProcess.StartAsync(app, database);
    using var api = await SignedInAsync(service.BaseAddress);
    using var pages = await ServerTimes.SignedInPagesAsync(service.BaseAddress, "bench", Password);
    var times = new Dictionary<string, double>();
    foreach (var (name, url) in urls)
    {
        var client = url(last).StartsWith("odata/", StringComparison.Ordinal) ? api : pages;
        for (var i = 0; i < 3; i++) { using var warm = await client.GetAsync(url(last)); await Succeeded(warm); }
        var before = await ServerTimes.ScrapeAsync(api);
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (count < 3 || (count < 40 && clock.Elapsed < TimeSpan.FromSeconds(4)))
        {
            using var response = await client.GetAsync(url(last));
            await Succeeded(response);
            count++;
        }
        var after = await ServerTimes.ScrapeAsync(api);
        var route = after.Routes.Keys.MaxBy(r => after.Routes[r].Count - before.Routes.GetValueOrDefault(r).Count)!;
        times[name] = after.MeanMsSince(before, route);
        Console.WriteLine($"bench: {Path.GetFileName(database)} {name} (route {route}): {count} requests, server mean {times[name]:F2} ms, " +
            $"client {clock.Elapsed.TotalMilliseconds / count:F2} ms");
    }
    return times;
}

Task<HttpClient> SignedInAsync(Uri baseAddress) => IntakeDriver.SignedInAsync(baseAddress, "bench", Password);

// donor, receivedOn, reference, itemCode, quantity, lotNumber, expiresOn, declaredValue: seeded donors and items, a third
// of the lines of an item that tracks lot and expiry; 100 lines per donation.
static string IntakeSheet(string tag, int lines)
{
    var random = new Random(lines);
    var csv = new StringBuilder("donor,receivedOn,reference,itemCode,quantity,lotNumber,expiresOn,declaredValue\n", lines * 56);
    string[] items = ["MSK-SURG", "MSK-KN95", "DIS-84"];
    for (var i = 0; i < lines; i++)
    {
        var donation = i / 100;
        var item = items[random.Next(items.Length)];
        var tracked = item == "DIS-84";
        csv.Append(CultureInfo.InvariantCulture, $"{1 + donation % 6},2026-11-{1 + donation % 27:00},{tag}-{donation:00000},{item},{random.Next(1, 5000)},")
            .Append(tracked ? $"L-{i % 997},2028-10-31," : ",,")
            .Append(CultureInfo.InvariantCulture, $"{random.Next(0, 1000)}.50\n");
    }
    return csv.ToString();
}

static async Task<int> ImportAsync(HttpClient http, string csv)
{
    using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
    using var response = await http.PostAsync("imports/donations?receivingLocationId=1", content);
    return (await Ok(response)).GetProperty("lineCount").GetInt32();
}

// A page or an API answer: a 2xx, whatever the content (the pages answer HTML).
static async Task Succeeded(HttpResponseMessage response)
{
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode} from {response.RequestMessage?.RequestUri}: {text}");
}

static async Task<JsonElement> Ok(HttpResponseMessage response)
{
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
    return JsonDocument.Parse(text).RootElement.Clone();
}

string Copy(string source, string name)
{
    var path = Path.Combine(work, name);
    File.Copy(source, path);
    return path;
}

// The same pragmas as the service (WAL, the given synchronous level), one row per BEGIN IMMEDIATE … COMMIT.
static double RawCommits(string path, string synchronous, TimeSpan duration)
{
    using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
    connection.Open();
    using (var setup = connection.CreateCommand())
    {
        setup.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; " +
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, note TEXT NOT NULL, quantity INTEGER NOT NULL);";
        setup.ExecuteNonQuery();
    }
    using var insert = connection.CreateCommand();
    insert.CommandText = "INSERT INTO t (note, quantity) VALUES ('one row', 500)";
    var count = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < duration)
    {
        using var transaction = connection.BeginTransaction();
        insert.Transaction = transaction;
        insert.ExecuteNonQuery();
        transaction.Commit();
        count++;
    }
    return count / clock.Elapsed.TotalSeconds;
}

static string Machine()
{
    var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
    var memory = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    return $"{model}, {long.Parse(memory, CultureInfo.InvariantCulture) / 1048576} GB RAM, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}";
}

internal sealed class Report
{
    private readonly List<(string Figure, string Measured, string Against, double Ratio, string Target, bool Met)> _rows = [];

    public void Add(string figure, string measured, string against, double ratio, string target, bool met) =>
        _rows.Add((figure, measured, against, ratio, target, met));

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("| figure | measured | against | ratio | target | |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var row in _rows)
            Console.WriteLine($"| {row.Figure} | {row.Measured} | {row.Against} | {row.Ratio.ToString("0.###", CultureInfo.InvariantCulture)}× | {row.Target} | {(row.Met ? "met" : "MISSED")} |");
        Console.WriteLine();
    }
}

