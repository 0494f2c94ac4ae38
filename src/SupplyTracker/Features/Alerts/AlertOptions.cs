namespace SupplyTracker.Features.Alerts;

/// <summary>Configuration section "Alerts": the thresholds of the rules and how often they are evaluated.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>A lot with stock is flagged when it expires within each of these many days (the tightest crossed).</summary>
    public int[] ExpiryThresholdDays { get; set; } = [30, 60, 90];

    /// <summary>A station is flagged when an item's usable stock lasts fewer days than this.</summary>
    public int LowCoverDays { get; set; } = 3;

    /// <summary>A submitted request still undecided after this many hours is flagged for logistics.</summary>
    public int RequestWaitHours { get; set; } = 24;

    /// <summary>How often the worker evaluates the rules; the digest goes once a day.</summary>
    public TimeSpan EvaluateEvery { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Local hour (deployment time zone) after which the day's digest is mailed.</summary>
    public int DigestHour { get; set; } = 8;

    /// <summary>Off in tests and tools that start the host without wanting a background evaluation.</summary>
    public bool WorkerEnabled { get; set; } = true;
}
