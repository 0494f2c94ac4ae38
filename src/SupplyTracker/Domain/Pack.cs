using SupplyTracker.Domain.Gs1;

namespace SupplyTracker.Domain;

/// <summary>What an admin says a pack is: its names, how many base units it holds, and its own GTIN if it has one.</summary>
public sealed record PackSpec(int? Id, string NameZhHant, string NameZhHans, string NameEn, long Quantity, string? Gtin = null);

/// <summary>
/// A named multiple of an item's base unit (a 盒 of 20, a 箱 of 50 …), optionally with its own GTIN (the carton's
/// barcode). Quantities are always stored in base units; a pack only converts a count of packs into them, exactly.
/// </summary>
public sealed class Pack
{
    public const long MaxQuantity = 1_000_000;

    private Pack() { }

    internal Pack(Item item, PackSpec spec)
    {
        Item = item;
        ItemId = item.Id;
        Update(spec);
    }

    public int Id { get; private set; }
    public int ItemId { get; private set; }
    public Item Item { get; private set; } = null!;
    public string NameZhHant { get; private set; } = "";
    public string NameZhHans { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    /// <summary>Base units in one pack (a whole number, at least 1).</summary>
    public long Quantity { get; private set; }
    /// <summary>The pack's own GTIN, as 14 digits.</summary>
    public string? Gtin { get; private set; }

    internal void Update(PackSpec spec)
    {
        NameZhHant = Item.Require(spec.NameZhHant, "packs.nameZhHant", 32);
        NameZhHans = Item.Require(spec.NameZhHans, "packs.nameZhHans", 32);
        NameEn = Item.Require(spec.NameEn, "packs.nameEn", 32);
        if (spec.Quantity is < 1 or > MaxQuantity)
            throw new DomainValidationException("packs.quantity", $"A pack holds 1 to {MaxQuantity:N0} base units, not {spec.Quantity:N0}.");
        Quantity = spec.Quantity;
        Gtin = string.IsNullOrWhiteSpace(spec.Gtin) ? null : Gs1.Gtin.Normalize(spec.Gtin, "packs.gtin");
    }

    /// <summary>
    /// <paramref name="count"/> packs in base units, exactly: the count must be a whole number greater than zero and
    /// the result at most <see cref="Domain.Quantity.Max"/>.
    /// </summary>
    public long ToBaseUnits(decimal count, string field = "packCount")
    {
        if (count != decimal.Truncate(count))
            throw new DomainValidationException(field, ErrorCodes.PackWholeCount, NameEn, count);
        if (count <= 0)
            throw new DomainValidationException(field, ErrorCodes.FieldGreaterThan, 0);
        // Both factors are bounded (count by the check below, Quantity by MaxQuantity), so the product cannot overflow a decimal.
        if (count > Domain.Quantity.Max || count * Quantity > Domain.Quantity.Max)
            throw new DomainValidationException(field, ErrorCodes.PackTooMany, count, Quantity, Domain.Quantity.Max);
        return (long)(count * Quantity);
    }
}

/// <summary>A GTIN that identifies one base unit of an item (an item can have several: brands, suppliers).</summary>
public sealed class ItemGtin
{
    private ItemGtin() { }

    internal ItemGtin(Item item, string gtin)
    {
        ItemId = item.Id;
        Gtin = gtin;
    }

    public int Id { get; private set; }
    public int ItemId { get; private set; }
    /// <summary>14 digits, normalised (see <see cref="Gs1.Gtin.Normalize"/>).</summary>
    public string Gtin { get; private set; } = "";
}
