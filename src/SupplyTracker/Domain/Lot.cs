namespace SupplyTracker.Domain;

/// <summary>A manufacturer's lot of one item. Items that do not track expiry use the unlotted lot (empty number).</summary>
public sealed class Lot
{
    public const string Unlotted = "";
    public const int MaxNumberLength = 64;

    private Lot() { }

    public Lot(Item item, string? lotNumber, DateOnly? expiresOn)
    {
        var number = lotNumber?.Trim() ?? Unlotted;
        Check(item, number, expiresOn);
        ItemId = item.Id;
        Item = item;
        LotNumber = number;
        ExpiresOn = expiresOn;
    }

    public int Id { get; private set; }
    public int ItemId { get; private set; }
    public Item Item { get; private set; } = null!;
    public string LotNumber { get; private set; } = Unlotted;
    public DateOnly? ExpiresOn { get; private set; }

    /// <summary>
    /// The rule, stated once: an item that tracks expiry needs a lot number and an expiry date. Gives the fields that are
    /// missing ("lotNumber", "expiresOn"); validators, the CSV reader and the donation page ask this.
    /// </summary>
    public static IReadOnlyList<string> Missing(bool requiresLotAndExpiry, bool hasLotNumber, bool hasExpiry) =>
        !requiresLotAndExpiry ? [] : [.. hasLotNumber ? Array.Empty<string>() : ["lotNumber"], .. hasExpiry ? Array.Empty<string>() : ["expiresOn"]];

    public static IReadOnlyList<string> Missing(Item item, string? lotNumber, DateOnly? expiresOn) =>
        Missing(item.RequiresLotAndExpiry, !string.IsNullOrWhiteSpace(lotNumber), expiresOn is not null);

    /// <summary>Refuses a lot number that is too long, or a missing lot or expiry for an item that tracks expiry.</summary>
    public static void Check(Item item, string? lotNumber, DateOnly? expiresOn)
    {
        if (lotNumber?.Trim().Length > MaxNumberLength)
            throw new DomainValidationException(nameof(lotNumber), ErrorCodes.FieldTooLong, MaxNumberLength);
        if (Missing(item, lotNumber, expiresOn) is [var field, ..])
            throw new DomainValidationException(field, ErrorCodes.LotRequired, item.Code);
    }

    public bool IsExpiredOn(DateOnly day) => ExpiresOn is { } e && e < day;

    /// <summary>A lot number names one lot: the same number with another expiry is a data-entry error.</summary>
    public void EnsureSameExpiry(DateOnly? expiresOn, string field = "expiresOn")
    {
        if (expiresOn is not null && ExpiresOn != expiresOn)
            throw new DomainRuleException(field, ErrorCodes.LotExpiryMismatch, LotNumber, ExpiresOn, expiresOn);
    }
}

/// <summary>Free-text notes on donations, movements and adjustments.</summary>
public static class Notes
{
    public const int MaxLength = 1000;
}
