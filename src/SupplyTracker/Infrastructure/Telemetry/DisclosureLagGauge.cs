using System.Diagnostics.Metrics;
using Mediator;
using SupplyTracker.Features.Disclosure;

namespace SupplyTracker.Infrastructure.Telemetry;

/// <summary>
/// <c>supplytracker.disclosure.lag</c>: how long the oldest public event not yet in the disclosure log has waited, 0
/// when the log is up to date (<see cref="GetDisclosureLag"/>, read at scrape time). A scrape never fails because the
/// database did: the series is left out of that scrape and a warning logged.
/// </summary>
public sealed class DisclosureLagGauge
{
    public DisclosureLagGauge(IMeterFactory meters, IServiceScopeFactory scopes, ILogger<DisclosureLagGauge> logger)
    {
        var meter = meters.Create(SupplyTrackerMetrics.MeterName);
        meter.CreateObservableGauge("supplytracker.disclosure.lag", () => Observe(scopes, logger), "s",
            "Age of the oldest public event (donation, distribution, voided receipt, recall) not yet in the disclosure log; 0 when none waits.");
    }

    private static IEnumerable<Measurement<double>> Observe(IServiceScopeFactory scopes, ILogger logger)
    {
        try
        {
            using var scope = scopes.CreateScope();
            // Observable instruments are read synchronously by the exporter; the query is awaited here, off any request.
            var lag = scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetDisclosureLag()).AsTask().GetAwaiter().GetResult();
            return [new Measurement<double>(lag.TotalSeconds)];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "The disclosure lag could not be read.");
            return [];
        }
    }
}
