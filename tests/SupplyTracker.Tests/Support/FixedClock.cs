namespace SupplyTracker.Tests.Support;

/// <summary>A clock that never moves, so expiry rules do not depend on the day the suite runs.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
