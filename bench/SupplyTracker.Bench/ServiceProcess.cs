using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SupplyTracker.Bench;

/// <summary>A resident set and its parts, in bytes.</summary>
public readonly record struct Resident(long Total, long Anon, long File, long Shmem)
{
    public static Resident Max(Resident a, Resident b) => b.Total > a.Total ? b : a;

    public override string ToString() =>
        $"{Total / 1048576.0:F0} MB (anon {Anon / 1048576.0:F0}, file {File / 1048576.0:F0}, shmem {Shmem / 1048576.0:F0})";
}

/// <summary>A child process on a loopback port (the published service, or this bench serving the plain endpoint).</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, Uri baseAddress, TimeSpan coldStart)
    {
        _process = process;
        BaseAddress = baseAddress;
        ColdStart = coldStart;
        CpuToReady = CpuTime();
        ResidentAtReady = ResidentBytes();
    }

    public Uri BaseAddress { get; }

    /// <summary>From process start to the first 200 from /healthz.</summary>
    public TimeSpan ColdStart { get; }

    public int Id => _process.Id;

    /// <summary>CPU time (user + system) the process had used when /healthz first answered 200: the start-up's work,
    /// which a busy machine stretches in wall-clock time but hardly changes.</summary>
    public TimeSpan CpuToReady { get; }

    /// <summary>VmRSS when /healthz first answered 200.</summary>
    public long ResidentAtReady { get; }

    /// <summary>Settings for every child started after this is set (the PostgreSQL run replaces the SQLite file with a server).</summary>
    public static Dictionary<string, string> Overrides { get; } = [];

    public static async Task<ServiceProcess> StartAsync(string dll, string databasePath, IEnumerable<string>? extraArguments = null)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = Command(dll, databasePath, [.. extraArguments ?? [], "--urls", baseAddress.ToString().TrimEnd('/')]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line && errors.Count < 40) errors.Enqueue(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        // What /healthz last said when it answered but not 200 (e.g. 503 "Unhealthy" while the receipt font is not
        // installed: scripts/setup installs it), so that a start that never gets ready says why.
        var lastAnswer = "no answer";
        while (clock.Elapsed < TimeSpan.FromSeconds(300))
        {
            if (process.HasExited) throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with {process.ExitCode} at start-up:\n{string.Join('\n', errors)}");
            try
            {
                using var health = await probe.GetAsync("healthz");
                if (health.IsSuccessStatusCode) return new ServiceProcess(process, baseAddress, clock.Elapsed);
                lastAnswer = $"{(int)health.StatusCode} {await health.Content.ReadAsStringAsync()}";
                if (clock.Elapsed > TimeSpan.FromSeconds(60) && health.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
                {
                    using var ready = await probe.GetAsync("healthz/ready?details=true");
                    process.Kill();
                    throw new TimeoutException($"/healthz still answers {lastAnswer} after 60 s (is the receipt font installed? run scripts/setup): " +
                        await ready.Content.ReadAsStringAsync() + "\n" + string.Join('\n', errors));
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(10);
        }
        process.Kill();
        throw new TimeoutException($"No 200 from /healthz within 300 s; last: {lastAnswer}.");
    }

    /// <summary>Runs a command-line verb of the service (users add, verify-ledger) to completion.</summary>
    public static async Task<string> RunVerbAsync(string dll, string databasePath, params string[] verb)
    {
        var start = Command(dll, databasePath, verb);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', verb)} failed: {await output}{await error}");
        return await output;
    }

    /// <summary>CPU time the process has used so far (user + system, /proc/PID/stat's utime and stime): survives the
    /// machine's load, unlike a rate.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Resident set size now, from /proc.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }

    /// <summary>VmRSS and its parts now (/proc/PID/status: RssAnon, the heaps; RssFile, mapped files such as the assemblies;
    /// RssShmem, shared memory such as the runtime's double mapping of JIT code), in bytes.</summary>
    public Resident ResidentParts()
    {
        long Value(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        long rss = 0, anon = 0, file = 0, shmem = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Value(line);
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = Value(line);
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal)) file = Value(line);
            else if (line.StartsWith("RssShmem:", StringComparison.Ordinal)) shmem = Value(line);
        }
        return new Resident(rss, anon, file, shmem);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static ProcessStartInfo Command(string dll, string databasePath, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(databasePath)! };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__SupplyTracker"] = $"Data Source={databasePath}";
        // Production refuses a loopback public address (QR codes on receipts would be dead); the bench prints none.
        start.Environment["Documents__PublicBaseUrl"] = "https://supplytracker.example.org";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "None";
        // As the Dockerfile: a 16 MB gen0 budget instead of 4/5 of the L3 the VM reports (bench/README.md, sessions 6 and 7).
        start.Environment["DOTNET_GCgen0size"] = "0x1000000";
        foreach (var (name, value) in Overrides) start.Environment[name] = value;
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
