namespace SupplyTracker.Domain;

/// <summary>A manufacturer's lot of one item. Items that do not track expiry use the unlotted lot (empty number).</summary>
public sealed class Lot
{
    public const string Unlotted = "";

    private Lot() { }

    public Lot(Item item, string? lotNumber, DateOnly? expiresOn)
    {
        var number = lotNumber?.Trim() ?? Unlotted;
        if (number.Length > 64)
            throw new DomainValidationException(nameof(lotNumber), "'lotNumber' must be at most 64 characters.");
        if (item.TracksExpiry)
        {
            if (number.Length == 0)
                throw new DomainValidationException(nameof(lotNumber), $"'lotNumber' is required for {item.Code}, which tracks expiry.");
            if (expiresOn is null)
                throw new DomainValidationException(nameof(expiresOn), $"'expiresOn' is required for {item.Code}, which tracks expiry.");
        }
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

    public bool IsExpiredOn(DateOnly day) => ExpiresOn is { } e && e < day;

    /// <summary>A lot number names one lot: the same number with another expiry is a data-entry error.</summary>
    public void EnsureSameExpiry(DateOnly? expiresOn, string field = "expiresOn")
    {
        if (expiresOn is not null && ExpiresOn != expiresOn)
            throw new DomainRuleException(field,
                $"Lot '{LotNumber}' of this item is already recorded with expiry {ExpiresOn:yyyy-MM-dd}, not {expiresOn:yyyy-MM-dd}.");
    }
}
