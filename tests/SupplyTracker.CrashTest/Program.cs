using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Data.Sqlite;

// Crash safety, end to end: the published service on a loopback port over a temp database, concurrent intake and
// allocation with Idempotency-Key, SIGKILL at random moments, restart, and then every answered write must be there,
// exactly once, every balance must equal its movements and the hash chain must verify.
var options = CrashOptions.Parse(args);
var run = new CrashRun(options);
return await run.ExecuteAsync();

internal sealed record CrashOptions(string App, int Kills, int Workers, TimeSpan Budget, int Seed)
{
    public static CrashOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var app = Value("--app") ?? throw new ArgumentException("usage: --app path/to/SupplyTracker.dll [--kills 12] [--workers 6] [--seconds 150] [--seed N]");
        return new CrashOptions(Path.GetFullPath(app), int.Parse(Value("--kills") ?? "12", CultureInfo.InvariantCulture),
            int.Parse(Value("--workers") ?? "6", CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(int.Parse(Value("--seconds") ?? "150", CultureInfo.InvariantCulture)),
            int.Parse(Value("--seed") ?? Environment.TickCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }
}

/// <summary>What the service answered 2xx to, per scenario; checked against the database at the end.</summary>
internal sealed record Acknowledged(string Note, int Id, string Kind, string LastStep);

internal sealed class CrashRun(CrashOptions options)
{
    private const string Password = "crash-test-password-123";
    private const int MinimumKills = 10;
    private readonly string _directory = Directory.CreateTempSubdirectory("supplytracker-crash-").FullName;
    private readonly int _port = FreePort();
    private readonly Random _random = new(options.Seed);
    private readonly ConcurrentBag<Acknowledged> _acknowledged = [];
    private readonly ConcurrentBag<string> _failures = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Process? _service;
    private volatile bool _stopping;
    private int _requests;
    private int _retriedAfterCrash;
    private int _replayed;

    private string DatabasePath => Path.Combine(_directory, "supplytracker.db");
    private Uri BaseAddress => new($"http://127.0.0.1:{_port}/");

    public async Task<int> ExecuteAsync()
    {
        Console.WriteLine($"crash-test: seed {options.Seed}, {options.Kills} kills, {options.Workers} workers, database {DatabasePath}");
        try
        {
            var (exit, output) = await RunVerbAsync("users", "add", "--role", "Admin", "--name", "crash", "--password", Password);
            if (exit != 0) throw new InvalidOperationException("users add failed: " + output);
            await StartAsync();
            var token = await SignInAsync();
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(2) })
            {
                BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(20),
            };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            var workers = Enumerable.Range(0, options.Workers).Select(w => Task.Run(() => WorkAsync(http, w))).ToList();
            for (var kill = 1; kill <= options.Kills; kill++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(500, 2500)));
                _service!.Kill();
                await _service.WaitForExitAsync();
                Console.WriteLine($"crash-test: kill {kill} at {_clock.Elapsed.TotalSeconds:F1}s after {_requests} attempts, {_acknowledged.Count} steps acknowledged");
                await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(0, 400)));
                await StartAsync();
                if (kill >= MinimumKills && _clock.Elapsed > options.Budget * 0.7) { Console.WriteLine("crash-test: time budget nearly spent, no more kills"); break; }
            }
            await Task.Delay(1500);
            _stopping = true;
            if (_clock.Elapsed > options.Budget) Console.WriteLine($"crash-test: the kills took {_clock.Elapsed.TotalSeconds:F0}s, over the planned {options.Budget.TotalSeconds:F0}s (a loaded machine)");
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

            await CheckOverHttpAsync(http);
            var verification = await http.GetFromJsonAsync<JsonElement>("audit/verify-ledger");
            if (!verification.GetProperty("ok").GetBoolean()) _failures.Add("GET /audit/verify-ledger: " + verification);
            await StopAsync();
            CheckDatabase();
            var (verifyExit, verifyOutput) = await RunVerbAsync("verify-ledger");
            Console.WriteLine($"crash-test: verify-ledger says {verifyOutput.Trim()}");
            if (verifyExit != 0 || verifyOutput.Trim() != "ok") _failures.Add("verify-ledger: " + verifyOutput.Trim());
        }
        catch (Exception e)
        {
            _failures.Add("the run itself failed: " + e);
        }
        finally
        {
            await StopAsync();
        }

        Console.WriteLine($"crash-test: {_requests} attempts (refused connections while down included), {_acknowledged.Count} steps acknowledged, {_retriedAfterCrash} retried after a crash " +
            $"({_replayed} replayed from their Idempotency-Key), {_clock.Elapsed.TotalSeconds:F0}s");
        foreach (var failure in _failures.Take(30))
            Console.WriteLine("crash-test: FAIL " + failure);
        if (!_failures.IsEmpty) Console.WriteLine($"crash-test: {_failures.Count} failures; the service's log is in {_directory}/service.log");
        if (_failures.IsEmpty)
        {
            Console.WriteLine("crash-test: ok");
            Directory.Delete(_directory, recursive: true);
        }
        return _failures.IsEmpty ? 0 : 1;
    }

    // One worker: intake (record three lines, inspect) and allocation (draft, submit, approve, allocate, sometimes cancel), in turn.
    private async Task WorkAsync(HttpClient http, int worker)
    {
        var random = new Random(options.Seed + worker);
        for (var n = 0; !_stopping; n++)
        {
            var note = $"crash w{worker} #{n}";
            try
            {
                if (n % 2 == 0) await IntakeAsync(http, note, random);
                else await AllocationAsync(http, note, random, worker);
            }
            catch (Exception e) when (e is not OperationCanceledException || !_stopping)
            {
                _failures.Add($"{note}: {e.Message}");
            }
        }
    }

    private async Task IntakeAsync(HttpClient http, string note, Random random)
    {
        var body = new
        {
            donorId = random.Next(1, 7), receivingLocationId = 1, receivedOn = "2026-11-01", note,
            lines = new object[]
            {
                new { itemId = 1, quantity = random.Next(200, 2000) },
                new { itemId = 2, quantity = random.Next(50, 500) },
                new { itemId = 5, quantity = random.Next(5, 50), lotNumber = $"84-C{random.Next(1, 5)}", expiresOn = "2028-10-31" },
            },
        };
        var created = await SendAsync(http, HttpMethod.Post, "odata/Donations", body);
        if (created.Status != 201) { Refused(note, "record", created); return; }
        var id = created.Json.GetProperty("id").GetInt32();
        _acknowledged.Add(new Acknowledged(note, id, "Donation", "Recorded"));
        var lines = (await SendAsync(http, HttpMethod.Get, $"odata/Donations({id})/lines", null)).Json.GetProperty("value").EnumerateArray()
            .Select(l => l.GetProperty("id").GetInt32()).ToList();
        var decisions = lines.Select((l, i) => new { lineId = l, outcome = i == 2 && random.Next(4) == 0 ? "Quarantine" : "Accept" }).ToList();
        var inspected = await SendAsync(http, HttpMethod.Post, $"odata/Donations({id})/Inspect", new { decisions });
        if (inspected.Status != 200) { Refused(note, "inspect", inspected); return; }
        _acknowledged.Add(new Acknowledged(note, id, "Donation", "Inspected"));
    }

    private async Task AllocationAsync(HttpClient http, string note, Random random, int worker)
    {
        var body = new
        {
            requestingLocationId = 2 + (worker % 6), priority = random.Next(3) switch { 0 => "Urgent", 1 => "High", _ => "Normal" },
            justification = note, neededBy = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            lines = new[] { new { itemId = 1, quantityRequested = random.Next(20, 300) }, new { itemId = 2, quantityRequested = random.Next(5, 60) } },
        };
        var created = await SendAsync(http, HttpMethod.Post, "odata/AllocationRequests", body);
        if (created.Status != 201) { Refused(note, "create", created); return; }
        var id = created.Json.GetProperty("id").GetInt32();
        _acknowledged.Add(new Acknowledged(note, id, "Request", "Draft"));
        if (!await StepAsync(http, note, id, "Submit", null, "Submitted")) return;
        var lines = (await SendAsync(http, HttpMethod.Get, $"odata/AllocationRequests({id})/lines", null)).Json.GetProperty("value").EnumerateArray()
            .Select(l => new { lineId = l.GetProperty("id").GetInt32(), quantityApproved = l.GetProperty("quantityRequested").GetDecimal() }).ToList();
        if (!await StepAsync(http, note, id, "Approve", new { lines }, "Approved")) return;
        if (!await StepAsync(http, note, id, "Allocate", null, "Allocated", allowConflict: true)) return;
        if (random.Next(3) == 0)
            await StepAsync(http, note, id, "Cancel", new { reason = "crash test" }, "Cancelled");
    }

    private async Task<bool> StepAsync(HttpClient http, string note, int id, string action, object? body, string status, bool allowConflict = false)
    {
        var answer = await SendAsync(http, HttpMethod.Post, $"odata/AllocationRequests({id})/{action}", body);
        if (answer.Status == 200)
        {
            _acknowledged.Add(new Acknowledged(note, id, "Request", status));
            return true;
        }
        if (!(allowConflict && answer.Status == 409)) Refused(note, action, answer);
        return false;
    }

    private void Refused(string note, string step, Answer answer) => _failures.Add($"{note}: {step} answered {answer.Status} {answer.Text}");

    private sealed record Answer(int Status, JsonElement Json, string Text);

    /// <summary>
    /// Sends until the service gives an answer: a connection refused or cut by a kill is retried with the same
    /// Idempotency-Key after the restart, which must replay the first answer or run the command once.
    /// </summary>
    private async Task<Answer> SendAsync(HttpClient http, HttpMethod method, string url, object? body)
    {
        var key = Guid.NewGuid().ToString("N");
        var deadline = _clock.Elapsed + TimeSpan.FromSeconds(60);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url);
            if (method == HttpMethod.Post)
            {
                request.Headers.Add("Idempotency-Key", key);
                request.Content = body is null ? new StringContent("", null, "application/json") : JsonContent.Create(body);
            }
            try
            {
                Interlocked.Increment(ref _requests);
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status == 409 && text.Contains("still in progress", StringComparison.Ordinal) && _clock.Elapsed < deadline)
                {
                    await Task.Delay(200);
                    continue;
                }
                if (attempt > 0 && method == HttpMethod.Post)
                {
                    Interlocked.Increment(ref _retriedAfterCrash);
                    if (response.Headers.Contains("Idempotent-Replayed")) Interlocked.Increment(ref _replayed);
                }
                if (status >= 500) throw new InvalidOperationException($"{method} {url} answered {status}: {text}");
                var json = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
                return new Answer(status, json, text.Length > 300 ? text[..300] : text);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && _clock.Elapsed < deadline)
            {
                await Task.Delay(150);
            }
        }
    }

    private async Task CheckOverHttpAsync(HttpClient http)
    {
        var donations = _acknowledged.Where(a => a.Kind == "Donation").GroupBy(a => a.Id).ToList();
        foreach (var donation in donations)
        {
            var note = donation.First().Note;
            var found = await http.GetFromJsonAsync<JsonElement>($"odata/Donations?$filter={Uri.EscapeDataString($"note eq '{note}'")}&$expand=lines&$select=id");
            var rows = found.GetProperty("value").EnumerateArray().ToList();
            if (rows.Count != 1 || rows[0].GetProperty("id").GetInt32() != donation.Key)
            {
                _failures.Add($"{note}: donation {donation.Key} was acknowledged, {rows.Count} found with its note");
                continue;
            }
            if (donation.Any(a => a.LastStep == "Inspected")
                && rows[0].GetProperty("lines").EnumerateArray().Any(l => l.GetProperty("disposition").GetString() == "Pending"))
                _failures.Add($"{note}: inspection of donation {donation.Key} was acknowledged but a line is still pending");
        }
        string[] order = ["Draft", "Submitted", "Approved", "Allocated", "Cancelled"];
        foreach (var request in _acknowledged.Where(a => a.Kind == "Request").GroupBy(a => a.Id))
        {
            var note = request.First().Note;
            var found = await http.GetFromJsonAsync<JsonElement>(
                $"odata/AllocationRequests?$filter={Uri.EscapeDataString($"justification eq '{note}'")}&$select=id,status");
            var rows = found.GetProperty("value").EnumerateArray().ToList();
            if (rows.Count != 1 || rows[0].GetProperty("id").GetInt32() != request.Key)
            {
                _failures.Add($"{note}: request {request.Key} was acknowledged, {rows.Count} found with its justification");
                continue;
            }
            var expected = request.MaxBy(a => Array.IndexOf(order, a.LastStep))!.LastStep;
            var status = rows[0].GetProperty("status").GetString()!;
            if (status != expected && !(expected == "Approved" && status == "PartiallyApproved"))
                _failures.Add($"{note}: request {request.Key} acknowledged as {expected}, found {status}");
        }
        Console.WriteLine($"crash-test: {donations.Count} donations and {_acknowledged.Where(a => a.Kind == "Request").Select(a => a.Id).Distinct().Count()} requests acknowledged, each found exactly once");
    }

    // Straight from the file: every balance equals its movements and live reservations.
    private void CheckDatabase()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        var integrity = new SqliteCommand("PRAGMA integrity_check", connection).ExecuteScalar() as string;
        if (integrity != "ok") _failures.Add("integrity_check: " + integrity);
        var drifted = Scalar("""
            SELECT count(*) FROM "StockBalances" b
            WHERE b."QuantityOnHand" <> (SELECT coalesce(sum(m."Quantity"), 0) FROM "StockMovements" m WHERE m."LocationId" = b."LocationId" AND m."LotId" = b."LotId")
               OR b."QuantityQuarantined" <> (SELECT coalesce(sum(m."Quantity"), 0) FROM "StockMovements" m
                                              WHERE m."LocationId" = b."LocationId" AND m."LotId" = b."LotId" AND m."Status" = 'Quarantined')
               OR b."QuantityReserved" <> (SELECT coalesce(sum(r."Quantity"), 0) FROM "AllocationReservations" r
                                           WHERE r."StockBalanceId" = b."Id" AND r."ReleasedAt" IS NULL)
               OR b."QuantityOnHand" < b."QuantityReserved" + b."QuantityQuarantined"
            """);
        var orphans = Scalar("""
            SELECT count(*) FROM (SELECT DISTINCT "LocationId", "LotId" FROM "StockMovements") m
            WHERE NOT EXISTS (SELECT 1 FROM "StockBalances" b WHERE b."LocationId" = m."LocationId" AND b."LotId" = m."LotId")
            """);
        var duplicates = Scalar("""SELECT count(*) FROM (SELECT "Note" FROM "Donations" WHERE "Note" LIKE 'crash %' GROUP BY "Note" HAVING count(*) > 1)""")
            + Scalar("""SELECT count(*) FROM (SELECT "Justification" FROM "AllocationRequests" WHERE "Justification" LIKE 'crash %' GROUP BY "Justification" HAVING count(*) > 1)""");
        var stuckKeys = Scalar("""SELECT count(*) FROM "IdempotencyRecords" WHERE "StatusCode" IS NULL""");
        var balances = Scalar("""SELECT count(*) FROM "StockBalances" """);
        var movements = Scalar("""SELECT count(*) FROM "StockMovements" """);
        Console.WriteLine($"crash-test: {movements} movements, {balances} balances; {drifted} drifted, {orphans} movements without a balance, " +
            $"{duplicates} scenarios recorded twice, {stuckKeys} idempotency keys left in flight");
        if (drifted > 0) _failures.Add($"{drifted} balances differ from their movements or reservations");
        if (orphans > 0) _failures.Add($"{orphans} location × lot pairs have movements but no balance");
        if (duplicates > 0) _failures.Add($"{duplicates} scenarios were recorded twice despite their Idempotency-Key");
    }

    private async Task StartAsync()
    {
        var start = ServiceStart(["--urls", BaseAddress.ToString().TrimEnd('/')]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        _service = Process.Start(start)!;
        _service.OutputDataReceived += (_, e) => Log(e.Data);
        _service.ErrorDataReceived += (_, e) => Log(e.Data);
        _service.BeginOutputReadLine();
        _service.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_service.HasExited) throw new InvalidOperationException($"The service exited with {_service.ExitCode} at start-up.");
            try
            {
                using var health = await probe.GetAsync("healthz");
                if (health.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The service did not answer /healthz within 30 s.");
    }

    private readonly Lock _logLock = new();

    private void Log(string? line)
    {
        if (line is null) return;
        lock (_logLock) File.AppendAllText(Path.Combine(_directory, "service.log"), line + Environment.NewLine);
    }

    private async Task StopAsync()
    {
        if (_service is { HasExited: false })
        {
            _service.Kill();
            await _service.WaitForExitAsync();
        }
        SqliteConnection.ClearAllPools();
    }

    private async Task<string> SignInAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var response = await http.PostAsJsonAsync("auth/token", new { userName = "crash", password = Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<(int Exit, string Output)> RunVerbAsync(params string[] verb)
    {
        var start = ServiceStart(verb);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }

    private ProcessStartInfo ServiceStart(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _directory, UseShellExecute = false };
        start.ArgumentList.Add(options.App);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Documents__PublicBaseUrl"] = "https://crash-test.invalid"; // Production refuses a loopback QR base
        start.Environment["ConnectionStrings__SupplyTracker"] = $"Data Source={DatabasePath}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "None";
        start.Environment["ASPNETCORE_hostBuilder__reloadConfigOnChange"] = "false";
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
