using SupplyTracker.Domain.Gs1;

namespace SupplyTracker.Domain;

public enum ItemCategory { Mask, EyeProtection, Disinfectant, Medicine, Gloves, ProtectiveClothing, Other }

public sealed class Item
{
    public const decimal MaxUsePerPersonShift = 1000;

    public const int MaxGtins = 20, MaxPacks = 10;

    private readonly List<ItemGtin> _gtins = [];
    private readonly List<Pack> _packs = [];

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
    /// <summary>The GTINs of one base unit (14 digits each).</summary>
    public IReadOnlyList<ItemGtin> Gtins => _gtins;
    /// <summary>The packs the item comes in, each a whole number of base units.</summary>
    public IReadOnlyList<Pack> Packs => _packs;

    /// <summary>Replaces the item's base-unit GTINs (see <see cref="SetGtinsAndPacks"/>).</summary>
    public void SetGtins(IEnumerable<string>? gtins) => SetGtinsAndPacks(gtins ?? [], null);

    /// <summary>Replaces the item's packs (see <see cref="SetGtinsAndPacks"/>).</summary>
    public void SetPacks(IEnumerable<PackSpec>? packs) => SetGtinsAndPacks(null, packs ?? []);

    /// <summary>
    /// Replaces the item's base-unit GTINs and/or its packs (null leaves that part as it is). GTINs have 8, 12, 13 or
    /// 14 digits with a valid check digit and are kept as 14. A pack spec with an id edits that pack, one without adds
    /// a pack, and packs not named are removed. A GTIN names one thing: it may not repeat within the item and its
    /// packs (uniqueness across items is the caller's to check, see <see cref="AllGtins"/>).
    /// </summary>
    public void SetGtinsAndPacks(IEnumerable<string>? gtins, IEnumerable<PackSpec>? packs)
    {
        var normalized = gtins?.Select(g => Gtin.Normalize(g, "gtins")).ToList();
        if (normalized?.Count > MaxGtins)
            throw new DomainValidationException("gtins", $"An item can have at most {MaxGtins} GTINs.");
        if (normalized?.GroupBy(g => g).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw new DomainValidationException("gtins", $"GTIN {repeated.Key} is given twice.");
        if (packs is null && normalized is not null && _packs.FirstOrDefault(p => p.Gtin is not null && normalized.Contains(p.Gtin)) is { } taken)
            throw new DomainValidationException("gtins", $"GTIN {taken.Gtin} cannot be both the item's own and the GTIN of its pack {taken.NameEn}.");
        if (packs is not null) ReplacePacks(packs.ToList());
        if (normalized is not null)
        {
            _gtins.RemoveAll(g => !normalized.Contains(g.Gtin));
            foreach (var gtin in normalized.Where(n => _gtins.All(g => g.Gtin != n)))
                _gtins.Add(new ItemGtin(this, gtin));
        }

        var packGtins = _packs.Where(p => p.Gtin is not null).Select(p => p.Gtin!).ToList();
        if (packGtins.GroupBy(g => g).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new DomainValidationException("packs.gtin", $"GTIN {twice.Key} is given to two packs.");
        if (_packs.FirstOrDefault(p => p.Gtin is not null && _gtins.Any(g => g.Gtin == p.Gtin)) is { } both)
            throw new DomainValidationException(packs is null ? "gtins" : "packs.gtin",
                $"GTIN {both.Gtin} cannot be both the item's own and the GTIN of its pack {both.NameEn}.");
    }

    private void ReplacePacks(List<PackSpec> specs)
    {
        if (specs.Count > MaxPacks)
            throw new DomainValidationException("packs", $"An item can have at most {MaxPacks} packs.");
        var ids = specs.Where(s => s.Id is not null).Select(s => s.Id!.Value).ToList();
        if (ids.Distinct().Count() != ids.Count)
            throw new DomainValidationException("packs", "A pack is given twice.");
        if (ids.FirstOrDefault(id => _packs.All(p => p.Id != id)) is var unknown && unknown != 0)
            throw new DomainValidationException("packs", $"Pack {unknown} is not one of {Code}'s packs.");

        _packs.RemoveAll(p => !ids.Contains(p.Id));
        foreach (var spec in specs)
        {
            if (spec.Id is { } id) _packs.Single(p => p.Id == id).Update(spec);
            else _packs.Add(new Pack(this, spec));
        }
        if (_packs.GroupBy(p => p.NameEn, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } sameName)
            throw new DomainValidationException("packs", $"Two packs are called '{sameName.Key}'.");
    }

    /// <summary>This item's pack <paramref name="packId"/>, or a validation error naming <paramref name="field"/>.</summary>
    public Pack Pack(int packId, string field = "packId") =>
        _packs.FirstOrDefault(p => p.Id == packId)
        ?? throw new DomainValidationException(field, ErrorCodes.PackNotOfItem, packId, Code);

    /// <summary>Every GTIN of the item and its packs (14 digits).</summary>
    public IEnumerable<string> AllGtins() => _gtins.Select(g => g.Gtin).Concat(_packs.Where(p => p.Gtin is not null).Select(p => p.Gtin!));

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
