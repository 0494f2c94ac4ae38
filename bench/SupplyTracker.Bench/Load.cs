using System.Diagnostics;

namespace SupplyTracker.Bench;

public sealed record LoadResult(int Operations, TimeSpan Elapsed, double[] LatenciesMs, int Errors)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;
    public double Percentile(double p) => LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)(p * LatenciesMs.Length))];
}

/// <summary>A closed-loop load: <c>concurrency</c> workers run one operation after another for a fixed time.</summary>
public static class Load
{
    public static async Task<LoadResult> RunAsync(int concurrency, TimeSpan duration, Func<int, Task> operation, Action? sample = null)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && sample is not null)
            {
                sample();
                await Task.Delay(100);
            }
        });
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            latencies[w] = [];
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await operation(w * 1_000_000 + n);
                    latencies[w].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        await sampler;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length, elapsed, all, errors);
    }
}
