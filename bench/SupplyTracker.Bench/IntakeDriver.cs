using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SupplyTracker.Bench;

/// <summary>
/// The donation intake every intake figure drives (the SQLite run in Program.cs and the PostgreSQL run): POST a
/// 3-line donation, GET its lines, POST Inspect accepting all three, each POST with an Idempotency-Key.
/// </summary>
public static class IntakeDriver
{
    // Every donation of a process gets its own number, whatever Load passes: Load numbers each call's operations from
    // 0 again, so the keys of a second load (the measured one after the warm-up, or a warm-up's next round) were the
    // first load's keys once more, and the service answered them as replays without running a command. Until 2 December
    // 2026 the measured intake therefore began with replays of the warm-up's donations (bench/README.md, "Session 7").
    private static int _sequence;

    public static async Task DonateAsync(HttpClient http, string run)
    {
        var n = Interlocked.Increment(ref _sequence);
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
        // A replay runs no command: counted as an error, never as a donation.
        if (created.Headers.Contains("Idempotent-Replayed")) throw new InvalidOperationException($"replayed: {record.Headers.GetValues("Idempotency-Key").Single()}");
        var id = (await OkAsync(created)).GetProperty("id").GetInt32();
        using var lines = await http.GetAsync($"odata/Donations({id})/lines?$select=id");
        var decisions = (await OkAsync(lines)).GetProperty("value").EnumerateArray().Select(l => new { lineId = l.GetProperty("id").GetInt32(), outcome = "Accept" });
        using var inspect = new HttpRequestMessage(HttpMethod.Post, $"odata/Donations({id})/Inspect") { Content = JsonContent.Create(new { decisions }) };
        inspect.Headers.Add("Idempotency-Key", $"{run}-{n}-inspect");
        using var inspected = await http.SendAsync(inspect);
        if (inspected.Headers.Contains("Idempotent-Replayed")) throw new InvalidOperationException($"replayed: {inspect.Headers.GetValues("Idempotency-Key").Single()}");
        await OkAsync(inspected);
    }

    /// <summary>A client of the service with a bearer token of the bench's user.</summary>
    public static async Task<HttpClient> SignedInAsync(Uri baseAddress, string userName, string password)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseAddress };
        using var token = await http.PostAsJsonAsync("auth/token", new { userName, password });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await OkAsync(token)).GetProperty("token").GetString());
        return http;
    }

    public static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The warm-up (Program.cs, --warmup): rounds of the intake load until the service's JIT count settles.</summary>
    public static async Task<(long Operations, TimeSpan Elapsed, double Jitted, double JittedLast)> WarmUpAsync(HttpClient http, Func<int, Task> donate, int minimum, int maximum)
    {
        string[] jit = ["dotnet_jit_compiled_methods_total", "process_runtime_dotnet_jit_methods_compiled_count_total"];
        var start = await http.GetStringAsync("metrics");
        var first = await Load.RunAsync(8, TimeSpan.FromSeconds(minimum), donate);
        long operations = first.Operations;
        var elapsed = first.Elapsed;
        var previous = await http.GetStringAsync("metrics");
        var last = Metrics.Increase(start, previous, jit);
        while (elapsed.TotalSeconds < maximum)
        {
            var round = await Load.RunAsync(8, TimeSpan.FromSeconds(5), donate);
            operations += round.Operations;
            elapsed += round.Elapsed;
            var now = await http.GetStringAsync("metrics");
            last = Metrics.Increase(previous, now, jit);
            previous = now;
            // No JIT metric at all (NaN) ends the warm-up too: it cannot be watched.
            if (!(last >= 0.01 * Metrics.Increase(start, now, jit))) break;
        }
        return (operations, elapsed, Metrics.Increase(start, previous, jit), last);
    }
}
