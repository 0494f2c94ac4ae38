namespace SupplyTracker.Domain;

public enum LocationKind { Warehouse, Checkpoint, PoliceStation, Squad, HealthPost }

public sealed class Location
{
    private Location() { }

    public Location(string code, string name, string nameZhHans, string nameEn, LocationKind kind,
        int headcountPerShift, int shiftsPerDay)
    {
        Code = Item.Require(code, nameof(code), 32);
        Update(name, nameZhHans, nameEn, kind, headcountPerShift, shiftsPerDay);
        Version = 0;
    }

    public void Update(string name, string nameZhHans, string nameEn, LocationKind kind, int headcountPerShift, int shiftsPerDay)
    {
        Name = Item.Require(name, nameof(name), 200);
        NameZhHans = Item.Require(nameZhHans, nameof(nameZhHans), 200);
        NameEn = Item.Require(nameEn, nameof(nameEn), 200);
        Kind = kind;
        if (headcountPerShift < 0) throw new DomainValidationException(nameof(headcountPerShift), ErrorCodes.FieldNegative);
        if (shiftsPerDay is < 0 or > 24) throw new DomainValidationException(nameof(shiftsPerDay), ErrorCodes.FieldBetween, 0, 24);
        HeadcountPerShift = headcountPerShift;
        ShiftsPerDay = shiftsPerDay;
        Version++;
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    /// <summary>The name in Traditional Chinese, the default language.</summary>
    public string Name { get; private set; } = "";
    public string NameZhHans { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public LocationKind Kind { get; private set; }
    public int HeadcountPerShift { get; private set; }
    public int ShiftsPerDay { get; private set; }
    public int Version { get; private set; }
}
