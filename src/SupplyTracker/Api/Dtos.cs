using SupplyTracker.Domain;

namespace SupplyTracker.Api;

// What the API shows: EF entities never reach the EDM, so no client can bind to a key or foreign key it should not set.

public sealed class ItemDto
{
    public int Id { get; init; }
    public string Code { get; init; } = "";
    public string NameZhHant { get; init; } = "";
    public string NameZhHans { get; init; } = "";
    public string NameEn { get; init; } = "";
    public ItemCategory Category { get; init; }
    public string BaseUnit { get; init; } = "";
    public int PackSize { get; init; }
    public string? ProductStandard { get; init; }
    public bool TracksExpiry { get; init; }
    public long ReorderLevel { get; init; }
}

public sealed class LocationDto
{
    public int Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string NameZhHans { get; init; } = "";
    public string NameEn { get; init; } = "";
    public LocationKind Kind { get; init; }
    public int HeadcountPerShift { get; init; }
    public int ShiftsPerDay { get; init; }
}

public sealed class DonorDto
{
    public int Id { get; init; }
    public string Name { get; init; } = "";
    public DonorKind Kind { get; init; }
    public string? ContactName { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Address { get; init; }
    public bool IsAnonymous { get; init; }
    public string PreferredLanguage { get; init; } = "";
}

public sealed class StockBalanceDto
{
    public long Id { get; init; }
    public int LocationId { get; init; }
    public int ItemId { get; init; }
    public int LotId { get; init; }
    public string LotNumber { get; init; } = "";
    public DateOnly? ExpiresOn { get; init; }
    public long QuantityOnHand { get; init; }
    public long QuantityReserved { get; init; }
    public long QuantityQuarantined { get; init; }
    public long QuantityAvailable { get; init; }
}
