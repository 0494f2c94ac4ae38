using System.Diagnostics.Metrics;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Features.Disclosure;
using SupplyTracker.Tests.Api;

namespace SupplyTracker.Tests.Features.Disclosure;

/// <summary>The <c>supplytracker.disclosure.lag</c> gauge: the age of the oldest public event not yet in the log.</summary>
public sealed class DisclosureLagTests(ApiFactory app) : IClassFixture<ApiFactory>
{
    [Fact]
    [Trait("Database", "true")]
    public async Task The_lag_is_the_age_of_the_oldest_event_not_yet_in_the_log_and_zero_once_it_is()
    {
        await SendAsync(new PublishDisclosures());
        Assert.Equal(0, Lag());

        await ReceiptDonations.InspectedAsync(app.AdminClient, $"LAG{Guid.NewGuid():N}"[..12]);
        // Seven minutes later, within the hour between the publisher's own batches.
        app.Clock.Advance(TimeSpan.FromMinutes(7));
        var waiting = Lag();
        await SendAsync(new PublishDisclosures());
        var published = Lag();

        Assert.Equal(420, waiting);
        Assert.Equal(0, published);
    }

    // This app's own gauge, read as an exporter reads it: every app of the test run has a meter named SupplyTracker, and
    // the Prometheus exporter of one would also list the others' series (a MeterListener matches meters by name), so
    // /metrics shows the series (MetricsEndpointTests) and this listener, bound to the app's IMeterFactory, its value.
    private double Lag()
    {
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        double? lag = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "supplytracker.disclosure.lag")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => lag = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return lag ?? throw new Xunit.Sdk.XunitException("the app has no supplytracker.disclosure.lag gauge");
    }

    private async Task SendAsync(PublishDisclosures command)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }
}
