namespace SupplyTracker.Features.Disclosure;

/// <summary>The "Disclosure" configuration section.</summary>
public sealed class DisclosureOptions
{
    public const string Section = "Disclosure";

    /// <summary>The promise: every hop is public within this long (the 2020 Wuhan rule of 3 days is the outer bound).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often a batch is published; the first runs at start-up.</summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Requests per client IP and window to the public feed and log.</summary>
    public int RateLimitPermits { get; set; } = 120;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);
}
