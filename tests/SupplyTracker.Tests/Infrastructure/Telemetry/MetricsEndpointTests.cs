using System.Net;
using Microsoft.AspNetCore.Hosting;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Infrastructure.Telemetry;

public sealed class MetricsEndpointTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private static ItemFields Fields => new("遙測口罩", "遥测口罩", "Telemetry mask", ItemCategory.Mask, "piece", 50, null, false, 0);

    [Fact]
    public async Task Metrics_without_a_token_answer_401()
    {
        var response = await app.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_for_a_signed_in_user_who_is_not_an_admin_answer_403()
    {
        using var client = await app.CreateClientAsAsync(Roles.Logistics);

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_admin_reads_the_command_write_lock_and_row_series_after_a_command()
    {
        await app.SendAsync(new CreateItem("TEL-ADMIN", Fields));
        using var client = await app.CreateClientAsAsync(Roles.Admin);

        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("supplytracker_commands_total{", text, StringComparison.Ordinal);
        Assert.Matches("supplytracker_commands_total\\{[^}]*command=\"CreateItem\"[^}]*outcome=\"ok\"", text);
        Assert.Matches("supplytracker_command_rows_count\\{[^}]*command=\"CreateItem\"", text);
        Assert.Contains("supplytracker_write_lock_wait_seconds_count", text, StringComparison.Ordinal);
        Assert.Contains("supplytracker_write_lock_hold_seconds_count", text, StringComparison.Ordinal);
        Assert.Contains("supplytracker_outbox_lag_seconds", text, StringComparison.Ordinal);
        Assert.Contains("supplytracker_disclosure_lag_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_command_is_counted_with_its_outcome()
    {
        await app.SendAsync(new CreateItem("TEL-TWICE", Fields));
        await Assert.ThrowsAnyAsync<Exception>(() => app.SendAsync(new CreateItem("TEL-TWICE", Fields)));
        using var client = await app.CreateClientAsAsync(Roles.Admin);

        var text = await client.GetStringAsync("/metrics");

        Assert.Matches("supplytracker_commands_total\\{[^}]*command=\"CreateItem\"[^}]*outcome=\"invalid\"", text);
    }

    [Fact]
    public async Task A_configured_scraper_address_reads_the_metrics_without_signing_in()
    {
        await using var scraped = app.WithWebHostBuilder(builder => builder
            .UseSetting("Telemetry:Scrapers:0", "127.0.0.1").UseSetting("Telemetry:Scrapers:1", "::1"));
        scraped.UseKestrel(0);
        scraped.StartServer();
        // A real Kestrel server on loopback: the connection's remote address is the one compared (127.0.0.1 or ::1).
        using var client = scraped.CreateClient();

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_loopback_caller_that_is_not_a_configured_scraper_still_needs_a_token()
    {
        await using var served = app.WithWebHostBuilder(builder => builder.UseSetting("Telemetry:Scrapers:0", "10.0.0.5"));
        served.UseKestrel(0);
        served.StartServer();
        using var client = served.CreateClient();

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
