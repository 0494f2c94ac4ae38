using System.Globalization;

namespace SupplyTracker.Bench;

/// <summary>
/// <c>--postgres "Host=…;Database=…;Username=…;Password=…"</c> (scripts/with-postgres gives a server): the donation
/// intake of the main run (record, lines, inspect; Idempotency-Key; 8 clients) against one app instance, then against
/// two instances over the same database with the clients split between them, and the write lock's wait and hold from
/// each instance's /metrics. The database must be empty: the first instance migrates and seeds it.
/// </summary>
public static class PostgresIntake
{
    public static async Task<int> RunAsync(string app, string connectionString, int seconds, string work, string password)
    {
        ServiceProcess.Overrides["Database__Provider"] = "Postgres";
        ServiceProcess.Overrides["ConnectionStrings__SupplyTracker"] = connectionString;
        var placeholder = Path.Combine(work, "postgres");
        await ServiceProcess.RunVerbAsync(app, placeholder, "users", "add", "--role", "Admin", "--name", "bench", "--password", password);

        var rows = new List<string>();
        foreach (var instances in new[] { 1, 2 })
        {
            var services = new List<ServiceProcess>();
            for (var i = 0; i < instances; i++) services.Add(await ServiceProcess.StartAsync(app, placeholder));
            try
            {
                var clients = new List<HttpClient>();
                foreach (var service in services) clients.Add(await IntakeDriver.SignedInAsync(service.BaseAddress, "bench", password));
                var run = Guid.NewGuid().ToString("N")[..8];
                Task Donate(int n) => IntakeDriver.DonateAsync(clients[n / 1_000_000 % clients.Count], run);
                // Until the JIT settles, as the SQLite intake (IntakeDriver.WarmUpAsync): watched on the first instance; the
                // load goes to all, so the others warm at the same pace.
                var (warmed, warmedFor, _, _) = await IntakeDriver.WarmUpAsync(clients[0], Donate, 5, 180);
                Console.WriteLine($"bench: PostgreSQL, {instances} instance(s): warm-up {warmed} donations in {warmedFor.TotalSeconds:F0} s");
                var before = await Task.WhenAll(clients.Select(c => c.GetStringAsync("metrics")));
                var result = await Load.RunAsync(8, TimeSpan.FromSeconds(seconds), Donate);
                var after = await Task.WhenAll(clients.Select(c => c.GetStringAsync("metrics")));
                var wait = Enumerable.Range(0, clients.Count).Average(i => Metrics.MeanMs(before[i], after[i], "supplytracker_write_lock_wait_seconds", ""));
                var hold = Enumerable.Range(0, clients.Count).Average(i => Metrics.MeanMs(before[i], after[i], "supplytracker_write_lock_hold_seconds", ""));
                var row = string.Create(CultureInfo.InvariantCulture,
                    $"| PostgreSQL intake, {instances} instance{(instances > 1 ? "s" : "")} over one database (8 clients) | {result.PerSecond:F1} donations/s, p50 {result.Percentile(0.5):F0} ms, {result.Errors} errors | write lock wait {wait:F1} ms, hold {hold:F1} ms (mean per instance) |");
                Console.WriteLine("bench: " + row);
                rows.Add(row);
                foreach (var client in clients) client.Dispose();
            }
            finally
            {
                foreach (var service in services) await service.DisposeAsync();
            }
        }
        Console.WriteLine();
        Console.WriteLine("| figure | measured | write lock |");
        Console.WriteLine("|---|---|---|");
        foreach (var row in rows) Console.WriteLine(row);
        return 0;
    }
}
