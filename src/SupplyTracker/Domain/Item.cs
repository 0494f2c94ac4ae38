namespace SupplyTracker.Domain;

public enum ItemCategory { Mask, EyeProtection, Disinfectant, Medicine, Gloves, ProtectiveClothing, Other }

public sealed class Item
{
    public const decimal MaxUsePerPersonShift = 1000;

    private Item() { }

    public Item(string code, string nameZhHant, string nameZhHans, string nameEn, ItemCategory category,
        string baseUnit, int packSize, string? productStandard, bool tracksExpiry, long reorderLevel, decimal usePerPersonShift = 0)
    {
        Code = Require(code, nameof(code), 32);
        Update(nameZhHant, nameZhHans, nameEn, category, baseUnit, packSize, productStandard, tracksExpiry, reorderLevel, usePerPersonShift);
        Version = 0;
    }

    /// <summary>Catalogue edits; the code is the item's identity for people and never changes.</summary>
    public void Update(string nameZhHant, string nameZhHans, string nameEn, ItemCategory category,
        string baseUnit, int packSize, string? productStandard, bool tracksExpiry, long reorderLevel, decimal usePerPersonShift)
    {
        NameZhHant = Require(nameZhHant, nameof(nameZhHant), 200);
        NameZhHans = Require(nameZhHans, nameof(nameZhHans), 200);
        NameEn = Require(nameEn, nameof(nameEn), 200);
        Category = category;
        BaseUnit = Require(baseUnit, nameof(baseUnit), 32);
        if (packSize <= 0) throw new DomainValidationException(nameof(packSize), ErrorCodes.FieldGreaterThan, 0);
        PackSize = packSize;
        ProductStandard = string.IsNullOrWhiteSpace(productStandard) ? null : productStandard.Trim();
        TracksExpiry = tracksExpiry;
        if (reorderLevel < 0) throw new DomainValidationException(nameof(reorderLevel), ErrorCodes.FieldNegative);
        ReorderLevel = reorderLevel;
        if (usePerPersonShift is < 0 or > MaxUsePerPersonShift)
            throw new DomainValidationException(nameof(usePerPersonShift), ErrorCodes.FieldBetween, 0, MaxUsePerPersonShift);
        UsePerPersonShift = usePerPersonShift;
        Version++;
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public string NameZhHant { get; private set; } = "";
    public string NameZhHans { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public ItemCategory Category { get; private set; }
    /// <summary>The unit every quantity of this item is counted in (e.g. 只 / piece, 瓶 / bottle).</summary>
    public string BaseUnit { get; private set; } = "";
    public int PackSize { get; private set; }
    public string? ProductStandard { get; private set; }
    /// <summary>Lot and expiry are required (medicine, disinfectant).</summary>
    public bool TracksExpiry { get; private set; }

    /// <summary>Goods of an item that tracks expiry need a lot number and an expiry date (<see cref="Lot.Check"/>).</summary>
    public bool RequiresLotAndExpiry => TracksExpiry;
    public long ReorderLevel { get; private set; }
    /// <summary>Base units one person uses in one shift (masks 1, glove pairs 2, sanitiser 0.05 bottle); drives days of cover.</summary>
    public decimal UsePerPersonShift { get; private set; }
    public int Version { get; private set; }

    internal static string Require(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new DomainValidationException(field, ErrorCodes.FieldRequired);
        if (!UnicodeText.IsWellFormed(value))
            throw new DomainValidationException(field, ErrorCodes.FieldIllFormedUnicode);
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
            throw new DomainValidationException(field, ErrorCodes.FieldTooLong, maxLength);
        return trimmed;
    }
}
