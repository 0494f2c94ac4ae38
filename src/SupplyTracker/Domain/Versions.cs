namespace SupplyTracker.Domain;

/// <summary>Optimistic concurrency, compared by the command inside its write transaction (never by the door).</summary>
public static class Versions
{
    /// <summary>412 when the client changed another version than the current one; no expectation means no check.</summary>
    public static void Check(string entity, object key, int current, int? expected)
    {
        if (expected is { } version && version != current)
            throw new StaleVersionException(entity, key);
    }

    /// <summary>For sets whose changes always need If-Match: 428 without one, 412 when it is not current.</summary>
    public static void Require(string entity, object key, int current, int? expected) =>
        Check(entity, key, current, expected ?? throw new PreconditionRequiredException());
}
