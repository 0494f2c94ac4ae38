using SupplyTracker.Api;

namespace SupplyTracker.Features.Disclosure;

public static class DisclosureSetup
{
    public static IServiceCollection AddDisclosureLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DisclosureOptions>().Bind(configuration.GetSection(DisclosureOptions.Section))
            .Validate(o => o.PublishInterval > TimeSpan.Zero && o.PublishInterval <= o.MaxDelay,
                "Disclosure:PublishInterval must be positive and no longer than Disclosure:MaxDelay, or entries would be published late.")
            .Validate(o => o.RateLimitPermits >= 1 && o.RateLimitWindow > TimeSpan.Zero, "Disclosure:RateLimitPermits and Disclosure:RateLimitWindow must be positive.")
            .ValidateOnStart();
        services.AddScoped<DisclosureSources>();
        services.AddSingleton<DisclosureLogCache>();
        services.AddHostedService<DisclosurePublisher>();
        services.AddSingleton<PublicLogRateLimit>();
        return services;
    }
}
