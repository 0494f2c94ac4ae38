namespace SupplyTracker.Infrastructure;

public sealed class DeploymentOptions
{
    public const string Section = "Deployment";

    /// <summary>IANA id of the zone the deployment's people live in; "today" and every printed time use it.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}

/// <summary>The one definition of "now" and "today" for the whole app: the clock read in the deployment's time zone.</summary>
public sealed class DeploymentTime(TimeProvider clock, Microsoft.Extensions.Options.IOptions<DeploymentOptions> options)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public TimeProvider Clock => clock;

    public DateTimeOffset UtcNow => clock.GetUtcNow();

    public DateTimeOffset LocalNow => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone);

    public DateOnly Today => DateOnly.FromDateTime(LocalNow.DateTime);

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>Stored instants are UTC DateTimes (see UtcDateTimeConverter).</summary>
    public DateTimeOffset ToLocal(DateTime utc) => ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc).DateTime);
}
