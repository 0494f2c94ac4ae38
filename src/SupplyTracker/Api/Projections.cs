using SupplyTracker.Data;

namespace SupplyTracker.Api;

/// <summary>The query roots of the API: translatable projections from entities to DTOs.</summary>
public static class Projections
{
    public static IQueryable<ItemDto> ItemDtos(this SupplyTrackerDbContext db) => db.Items.Select(i => new ItemDto
    {
        Id = i.Id, Code = i.Code, NameZhHant = i.NameZhHant, NameZhHans = i.NameZhHans, NameEn = i.NameEn,
        Category = i.Category, BaseUnit = i.BaseUnit, PackSize = i.PackSize, ProductStandard = i.ProductStandard,
        TracksExpiry = i.TracksExpiry, ReorderLevel = i.ReorderLevel,
    });

    public static IQueryable<LocationDto> LocationDtos(this SupplyTrackerDbContext db) => db.Locations.Select(l => new LocationDto
    {
        Id = l.Id, Code = l.Code, Name = l.Name, NameZhHans = l.NameZhHans, NameEn = l.NameEn, Kind = l.Kind,
        HeadcountPerShift = l.HeadcountPerShift, ShiftsPerDay = l.ShiftsPerDay,
    });

    public static IQueryable<DonorDto> DonorDtos(this SupplyTrackerDbContext db) => db.Donors.Select(d => new DonorDto
    {
        Id = d.Id, Name = d.Name, Kind = d.Kind, ContactName = d.ContactName, Phone = d.Phone, Email = d.Email,
        Address = d.Address, IsAnonymous = d.IsAnonymous, PreferredLanguage = d.PreferredLanguage,
    });

    public static IQueryable<StockBalanceDto> StockBalanceDtos(this SupplyTrackerDbContext db) => db.StockBalances.Select(b => new StockBalanceDto
    {
        Id = b.Id, LocationId = b.LocationId, ItemId = b.ItemId, LotId = b.LotId, LotNumber = b.Lot.LotNumber, ExpiresOn = b.Lot.ExpiresOn,
        QuantityOnHand = b.QuantityOnHand, QuantityReserved = b.QuantityReserved, QuantityQuarantined = b.QuantityQuarantined,
        QuantityAvailable = b.QuantityOnHand - b.QuantityReserved - b.QuantityQuarantined,
    });
}
