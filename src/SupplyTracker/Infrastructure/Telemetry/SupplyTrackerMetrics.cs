using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SupplyTracker.Infrastructure.Telemetry;

/// <summary>
/// The service's own instruments, meter <c>SupplyTracker</c>, names <c>supplytracker.*</c> (Prometheus: <c>supplytracker_*</c>).
/// One static meter: the write lock is taken from static code (<see cref="Data.WriteTransaction"/>), and a meter with no
/// listener costs a branch per measurement. The gauges that need the database live in <see cref="LagGauges"/>.
/// </summary>
public static class SupplyTrackerMetrics
{
    public const string MeterName = "SupplyTracker";

    private static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>Commands sent through the mediator, by <c>command</c> and <c>outcome</c>.</summary>
    public static readonly Counter<long> Commands = Meter.CreateCounter<long>(
        "supplytracker.commands", "{command}", "Commands handled, by command name and outcome.");

    public static readonly Histogram<double> CommandDuration = Meter.CreateHistogram(
        "supplytracker.command.duration", "s", "Time from a command entering the pipeline to its answer (validation, lock, handler, commit).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    /// <summary>Entities written by one command's SaveChanges calls (added, modified or deleted), by <c>command</c>.</summary>
    public static readonly Histogram<long> CommandRows = Meter.CreateHistogram<long>(
        "supplytracker.command.rows", "{row}", "Rows written by one command through SaveChanges, by command name.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 10_000, 100_000] });

    /// <summary>From asking for the write lock (BEGIN IMMEDIATE, or the advisory lock on PostgreSQL) to having it.</summary>
    public static readonly Histogram<double> WriteLockWait = Meter.CreateHistogram(
        "supplytracker.write_lock.wait", "s", "Time waiting for the single write lock.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    /// <summary>From having the write lock to the commit or rollback that releases it, by <c>outcome</c>.</summary>
    public static readonly Histogram<double> WriteLockHold = Meter.CreateHistogram(
        "supplytracker.write_lock.hold", "s", "Time holding the single write lock, by outcome (commit, rollback).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static IReadOnlyList<double> LatencyBuckets =>
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    internal static double SecondsSince(long timestamp) => Stopwatch.GetElapsedTime(timestamp).TotalSeconds;
}
