using System.Net;
using Microsoft.AspNetCore.Authorization;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Infrastructure.Telemetry;

public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// <c>Telemetry:OtlpEndpoint</c>: where to export metrics and traces over OTLP; the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> environment variable does the same. Neither set: no OTLP exporter, no tracing.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// <c>Telemetry:Scrapers</c>: addresses (e.g. <c>10.0.0.5</c>) allowed to read <c>/metrics</c> without signing in.
    /// Compared with the connection's remote address, so a reverse proxy in front hides the scraper's own address.
    /// </summary>
    public List<string> Scrapers { get; set; } = [];
}

/// <summary>
/// OpenTelemetry: ASP.NET Core, HttpClient, runtime and our own <see cref="SupplyTrackerMetrics"/> meters, scraped by
/// Prometheus at <c>/metrics</c> (an Admin's bearer token, or a configured scraper address); OTLP export of metrics and
/// traces (ASP.NET Core, HttpClient, EF Core) only when an endpoint is configured.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";
    public const string MetricsPolicy = "Metrics";

    public static IServiceCollection AddSupplyTrackerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = options.OtlpEndpoint is { Length: > 0 } endpoint ? endpoint : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var scrapers = ScraperAddresses(options.Scrapers);

        services.AddSingleton<LagGauges>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("SupplyTracker"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(SupplyTrackerMetrics.MeterName)
                    // No cached answer: a scrape right after a load sees that load.
                    .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            });
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !context.Request.Path.StartsWithSegments("/healthz")
                    && !context.Request.Path.StartsWithSegments(MetricsPath))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation());
            telemetry.UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, new Uri(otlp));
        }

        // The bearer scheme whatever the path: a scraper sends a token, and an anonymous request gets 401, not a redirect.
        services.AddAuthorizationBuilder().AddPolicy(MetricsPolicy, policy => policy
            .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
            .RequireAssertion(context => context.User.IsInRole(Roles.Admin)
                || context.Resource is HttpContext http && http.Connection.RemoteIpAddress is { } remote && scrapers.Contains(Normalized(remote))));
        return services;
    }

    public static WebApplication MapSupplyTrackerTelemetry(this WebApplication app)
    {
        // Resolved once so the gauges exist before the first scrape.
        app.Services.GetRequiredService<LagGauges>();
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(MetricsPolicy);
        return app;
    }

    private static HashSet<IPAddress> ScraperAddresses(IEnumerable<string> configured) =>
        [.. configured.Select(a => IPAddress.TryParse(a.Trim(), out var ip)
            ? Normalized(ip)
            : throw new InvalidOperationException($"{TelemetryOptions.Section}:Scrapers: '{a}' is not an IP address."))];

    private static IPAddress Normalized(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
