namespace SupplyTracker.Data;

/// <summary>
/// A seed this database has taken in full: the fingerprint of seed-data/'s files and the loader's version
/// (<see cref="Seed.SeedLoader.FingerprintAsync"/>). A start whose seed has the fingerprint of one here skips the seed check.
/// </summary>
public sealed class LoadedSeed
{
    public const int FingerprintLength = 64;

    private LoadedSeed() { }

    public LoadedSeed(string fingerprint, DateTime loadedAt)
    {
        Fingerprint = fingerprint;
        LoadedAt = DateTime.SpecifyKind(loadedAt, DateTimeKind.Utc);
    }

    /// <summary>SHA-256, lower-case hex.</summary>
    public string Fingerprint { get; private set; } = "";
    public DateTime LoadedAt { get; private set; }
}
