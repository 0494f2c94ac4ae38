using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

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
                foreach (var service in services) clients.Add(await SignedInAsync(service.BaseAddress, password));
                var run = Guid.NewGuid().ToString("N")[..8];
                Task Donate(int n) => DonateAsync(clients[n / 1_000_000 % clients.Count], run, n);
                await Load.RunAsync(8, TimeSpan.FromSeconds(2), Donate);
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

    private static async Task DonateAsync(HttpClient http, string run, int n)
    {
        using var record = new HttpRequestMessage(HttpMethod.Post, "odata/Donations")
        {
            Content = JsonContent.Create(new
            {
                donorId = 1 + n % 6, receivingLocationId = 1, receivedOn = "2026-11-01", note = $"bench {n}",
                lines = new object[]
                {
                    new { itemId = 1, quantity = 500 },
                    new { itemId = 2, quantity = 100 },
                    new { itemId = 5, quantity = 24, lotNumber = $"84-{n % 50}", expiresOn = "2028-10-31" },
                },
            }),
        };
        record.Headers.Add("Idempotency-Key", $"{run}-{n}-record");
        using var created = await http.SendAsync(record);
        var id = (await OkAsync(created)).GetProperty("id").GetInt32();
        using var lines = await http.GetAsync($"odata/Donations({id})/lines?$select=id");
        var decisions = (await OkAsync(lines)).GetProperty("value").EnumerateArray().Select(l => new { lineId = l.GetProperty("id").GetInt32(), outcome = "Accept" });
        using var inspect = new HttpRequestMessage(HttpMethod.Post, $"odata/Donations({id})/Inspect") { Content = JsonContent.Create(new { decisions }) };
        inspect.Headers.Add("Idempotency-Key", $"{run}-{n}-inspect");
        using var inspected = await http.SendAsync(inspect);
        await OkAsync(inspected);
    }

    private static async Task<HttpClient> SignedInAsync(Uri baseAddress, string password)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseAddress };
        using var token = await http.PostAsJsonAsync("auth/token", new { userName = "bench", password });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await OkAsync(token)).GetProperty("token").GetString());
        return http;
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
