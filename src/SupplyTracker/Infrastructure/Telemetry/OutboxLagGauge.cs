using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Infrastructure.Telemetry;

/// <summary>
/// <c>supplytracker.outbox.lag</c>: the age of the oldest mail still waiting to go out (queued or being sent), 0 when
/// none waits. Read at scrape time with one indexed query; a scrape never fails because the database did.
/// </summary>
public sealed class OutboxLagGauge
{
    public OutboxLagGauge(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock, ILogger<OutboxLagGauge> logger)
    {
        var meter = meters.Create(SupplyTrackerMetrics.MeterName);
        meter.CreateObservableGauge("supplytracker.outbox.lag", () => Observe(scopes, clock, logger), "s",
            "Age of the oldest mail in the outbox not yet sent (queued or sending); 0 when the outbox is empty.");
    }

    private static IEnumerable<Measurement<double>> Observe(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger)
    {
        DateTime? oldest;
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
            oldest = db.OutboxMessages.AsNoTracking()
                .Where(m => m.Status == OutboxStatus.Queued || m.Status == OutboxStatus.Sending)
                .Min(m => (DateTime?)m.CreatedAt);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "The outbox lag could not be read.");
            return [];
        }
        var lag = oldest is { } at ? Math.Max(0, (clock.GetUtcNow().UtcDateTime - at).TotalSeconds) : 0;
        return [new Measurement<double>(lag)];
    }
}
