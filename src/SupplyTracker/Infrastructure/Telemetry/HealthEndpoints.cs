using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SupplyTracker.Data;
using SupplyTracker.Documents;

namespace SupplyTracker.Infrastructure.Telemetry;

/// <summary>
/// <c>/healthz/live</c>: the process answers; no check runs and the database is not opened.
/// <c>/healthz/ready</c> (and <c>/healthz</c>, as before): the database answers, every migration is applied and the CJK
/// font for receipts and waybills is installed.
/// </summary>
public static class HealthEndpoints
{
    public const string Ready = "ready";

    public static IServiceCollection AddSupplyTrackerHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<MigrationsHealthCheck>();
        services.AddHealthChecks()
            .AddDbContextCheck<SupplyTrackerDbContext>("database", tags: [Ready])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [Ready])
            .AddCheck<DocumentFontHealthCheck>("font", tags: [Ready]);
        return services;
    }

    public static WebApplication MapSupplyTrackerHealthChecks(this WebApplication app)
    {
        var ready = new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) };
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", ready).AllowAnonymous();
        app.MapHealthChecks("/healthz", ready).AllowAnonymous();
        return app;
    }
}

/// <summary>Unhealthy while a migration of the code is missing from the database; once all are applied, asks no more.</summary>
public sealed class MigrationsHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    private volatile bool _applied;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_applied) return HealthCheckResult.Healthy();
        await using var scope = scopes.CreateAsyncScope();
        var pending = (await scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>().Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
            return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied: {string.Join(", ", pending)}.");
        _applied = true;
        return HealthCheckResult.Healthy();
    }
}

/// <summary>Unhealthy when the CJK font is missing: receipts and waybills would answer 503.</summary>
public sealed class DocumentFontHealthCheck(InstalledFont font) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(font.Font is null
            ? HealthCheckResult.Unhealthy("The CJK font for receipts and waybills is missing (Documents:FontPath).")
            : HealthCheckResult.Healthy());
}
