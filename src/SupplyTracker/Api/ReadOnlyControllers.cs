using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using SupplyTracker.Data;

namespace SupplyTracker.Api;

public sealed class ItemsController(SupplyTrackerDbContext db) : ODataController
{
    [EnableQuery(PageSize = ApiLimits.PageSize, MaxTop = ApiLimits.MaxTop)]
    public IQueryable<ItemDto> Get() => db.ItemDtos();

    [EnableQuery]
    public SingleResult<ItemDto> Get(int key) => SingleResult.Create(db.ItemDtos().Where(i => i.Id == key));
}

public sealed class LocationsController(SupplyTrackerDbContext db) : ODataController
{
    [EnableQuery(PageSize = ApiLimits.PageSize, MaxTop = ApiLimits.MaxTop)]
    public IQueryable<LocationDto> Get() => db.LocationDtos();

    [EnableQuery]
    public SingleResult<LocationDto> Get(int key) => SingleResult.Create(db.LocationDtos().Where(l => l.Id == key));
}

public sealed class DonorsController(SupplyTrackerDbContext db) : ODataController
{
    [EnableQuery(PageSize = ApiLimits.PageSize, MaxTop = ApiLimits.MaxTop)]
    public IQueryable<DonorDto> Get() => db.DonorDtos();

    [EnableQuery]
    public SingleResult<DonorDto> Get(int key) => SingleResult.Create(db.DonorDtos().Where(d => d.Id == key));
}

public sealed class StockBalancesController(SupplyTrackerDbContext db) : ODataController
{
    [EnableQuery(PageSize = ApiLimits.PageSize, MaxTop = ApiLimits.MaxTop)]
    public IQueryable<StockBalanceDto> Get() => db.StockBalanceDtos();

    [EnableQuery]
    public SingleResult<StockBalanceDto> Get(long key) => SingleResult.Create(db.StockBalanceDtos().Where(b => b.Id == key));
}

public static class ApiLimits
{
    public const int PageSize = 100;
    public const int MaxTop = 1000;
}
