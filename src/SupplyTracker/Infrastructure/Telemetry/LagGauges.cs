using System.Diagnostics.Metrics;
using Mediator;
using SupplyTracker.Features.Disclosure;
using SupplyTracker.Features.Mail;

namespace SupplyTracker.Infrastructure.Telemetry;

/// <summary>
/// The gauges that need the database, read at scrape time, each through its query: <c>supplytracker.outbox.lag</c>
/// (<see cref="GetOutboxLag"/>) and <c>supplytracker.disclosure.lag</c> (<see cref="GetDisclosureLag"/>). A scrape never
/// fails because the database did: that series is left out of that scrape and a warning logged.
/// </summary>
public sealed class LagGauges
{
    public LagGauges(IMeterFactory meters, IServiceScopeFactory scopes, ILogger<LagGauges> logger)
    {
        var meter = meters.Create(SupplyTrackerMetrics.MeterName);
        meter.CreateObservableGauge("supplytracker.outbox.lag", () => Observe(scopes, logger, new GetOutboxLag(), "outbox"), "s",
            "Age of the oldest mail in the outbox not yet sent (queued or sending); 0 when the outbox is empty.");
        meter.CreateObservableGauge("supplytracker.disclosure.lag", () => Observe(scopes, logger, new GetDisclosureLag(), "disclosure"), "s",
            "Age of the oldest public event (donation, distribution, voided receipt, recall) not yet in the disclosure log; 0 when none waits.");
    }

    private static IEnumerable<Measurement<double>> Observe(IServiceScopeFactory scopes, ILogger logger, IQuery<TimeSpan> query, string what)
    {
        try
        {
            using var scope = scopes.CreateScope();
            // Observable instruments are read synchronously by the exporter; the query is awaited here, off any request.
            var lag = scope.ServiceProvider.GetRequiredService<IMediator>().Send(query).AsTask().GetAwaiter().GetResult();
            return [new Measurement<double>(lag.TotalSeconds)];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "The {What} lag could not be read.", what);
            return [];
        }
    }
}
