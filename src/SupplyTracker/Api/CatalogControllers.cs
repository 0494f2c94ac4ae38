using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Deltas;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Features;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;

namespace SupplyTracker.Api;

public sealed class ItemsController(SupplyTrackerDbContext db, CallerContext caller, IMediator mediator) : ApiController(mediator)
{
    private static readonly string[] ServerOwned = [nameof(ItemDto.Id), nameof(ItemDto.Code), nameof(ItemDto.Version)];

    [ApiQuery]
    public IQueryable<ItemDto> Get() => db.ItemDtos();

    [ApiQuery]
    public async Task<ActionResult<SingleResult<ItemDto>>> Get([FromODataUri] int key, CancellationToken ct)
    {
        return WithETag(db.ItemDtos().Where(i => i.Id == key), await db.Items.Where(i => i.Id == key).Select(i => (int?)i.Version).FirstOrDefaultAsync(ct));
    }

    [Authorize(Policy = Policies.Catalog)]
    public async Task<IActionResult> Post([FromBody] ItemDto item, CancellationToken ct)
    {
        var id = await Mediator.Send(new CreateItem(item.Code, Fields(item)), ct);
        return Created(await db.ItemDtos().SingleAsync(i => i.Id == id, ct));
    }

    [Authorize(Policy = Policies.Catalog)]
    public async Task<IActionResult> Patch([FromODataUri] int key, Delta<ItemDto> delta, CancellationToken ct)
    {
        RefuseChanges(delta, ServerOwned);
        var current = await db.ItemDtos().FirstOrDefaultAsync(i => i.Id == key, ct) ?? throw new NotFoundException("Item", key);
        var version = ETags.ExpectedVersion(Request, required: true);
        delta.Patch(current);
        return await Save(key, version, current, ct);
    }

    [Authorize(Policy = Policies.Catalog)]
    public async Task<IActionResult> Put([FromODataUri] int key, [FromBody] ItemDto item, CancellationToken ct)
    {
        var current = await db.ItemDtos().FirstOrDefaultAsync(i => i.Id == key, ct) ?? throw new NotFoundException("Item", key);
        RefuseDifferent("id", item.Id, key);
        RefuseDifferent("code", item.Code, current.Code);
        var version = ETags.ExpectedVersion(Request, required: true);
        return await Save(key, version, item, ct);
    }

    /// <summary>Lots with stock that expire within the given number of days, earliest first.</summary>
    // OData's stable ordering would replace the expiry order with the key order; this order is stable already.
    [HttpGet]
    [ApiQuery(EnsureStableOrdering = false)]
    public IQueryable<StockBalanceDto> ExpiringWithin([FromODataUri] int days)
    {
        if (days is < 0 or > 3650) throw new DomainValidationException("days", "'days' must be between 0 and 3650.");
        var until = caller.Today.AddDays(days);
        return db.StockBalanceDtos(caller).Where(b => b.ExpiresOn != null && b.ExpiresOn <= until && b.QuantityOnHand > 0).OrderBy(b => b.ExpiresOn).ThenBy(b => b.Id);
    }

    /// <summary>What a scanned GS1 barcode or GTIN fills into an intake line: item, pack, lot, expiry, count, base units.</summary>
    [HttpGet]
    public async Task<IActionResult> ResolveBarcode([FromODataUri] string code, CancellationToken ct)
    {
        var r = await Mediator.Send(new ResolveBarcode(code), ct);
        return Ok(new ResolvedBarcodeDto
        {
            ItemId = r.ItemId, ItemCode = r.ItemCode, BaseUnit = r.BaseUnit, Gtin = r.Gtin, LotNumber = r.LotNumber, ExpiresOn = r.ExpiresOn,
            SerialNumber = r.SerialNumber, Count = r.Count, Quantity = r.Quantity,
            Pack = r.Pack is { } p ? new ResolvedPackDto { Id = p.Id, NameZhHant = p.NameZhHant, NameZhHans = p.NameZhHans, NameEn = p.NameEn, Quantity = p.Quantity } : null,
        });
    }

    private async Task<IActionResult> Save(int key, int? version, ItemDto item, CancellationToken ct)
    {
        var newVersion = await Mediator.Send(new UpdateItem(key, version, Fields(item)), ct);
        ETags.Write(Request, newVersion);
        return Updated(await db.ItemDtos().SingleAsync(i => i.Id == key, ct));
    }

    private static ItemFields Fields(ItemDto i) =>
        new(i.NameZhHant, i.NameZhHans, i.NameEn, i.Category, i.BaseUnit, i.PackSize, i.ProductStandard, i.TracksExpiry, i.ReorderLevel, i.UsePerPersonShift,
            [.. i.Gtins ?? []], [.. (i.Packs ?? []).Select(p => new PackSpec(p.Id == 0 ? null : p.Id, p.NameZhHant, p.NameZhHans, p.NameEn, p.Quantity, p.Gtin))]);
}

public sealed partial class LocationsController(SupplyTrackerDbContext db, CallerContext caller, IMediator mediator) : ApiController(mediator)
{
    private static readonly string[] ServerOwned = [nameof(LocationDto.Id), nameof(LocationDto.Code), nameof(LocationDto.Version)];

    [ApiQuery]
    public IQueryable<LocationDto> Get() => db.LocationDtos();

    [ApiQuery]
    public async Task<ActionResult<SingleResult<LocationDto>>> Get([FromODataUri] int key, CancellationToken ct)
    {
        return WithETag(db.LocationDtos().Where(l => l.Id == key), await db.Locations.Where(l => l.Id == key).Select(l => (int?)l.Version).FirstOrDefaultAsync(ct));
    }

    [Authorize(Policy = Policies.Catalog)]
    public async Task<IActionResult> Post([FromBody] LocationDto location, CancellationToken ct)
    {
        var id = await Mediator.Send(new CreateLocation(location.Code, Fields(location)), ct);
        return Created(await db.LocationDtos().SingleAsync(l => l.Id == id, ct));
    }

    [Authorize(Policy = Policies.Catalog)]
    public async Task<IActionResult> Patch([FromODataUri] int key, Delta<LocationDto> delta, CancellationToken ct)
    {
        RefuseChanges(delta, ServerOwned);
        var current = await db.LocationDtos().FirstOrDefaultAsync(l => l.Id == key, ct) ?? throw new NotFoundException("Location", key);
        var version = ETags.ExpectedVersion(Request, required: true);
        delta.Patch(current);
        return await Save(key, version, current, ct);
    }

    [Authorize(Policy = Policies.Catalog)]
    public async Task<IActionResult> Put([FromODataUri] int key, [FromBody] LocationDto location, CancellationToken ct)
    {
        var current = await db.LocationDtos().FirstOrDefaultAsync(l => l.Id == key, ct) ?? throw new NotFoundException("Location", key);
        RefuseDifferent("id", location.Id, key);
        RefuseDifferent("code", location.Code, current.Code);
        var version = ETags.ExpectedVersion(Request, required: true);
        return await Save(key, version, location, ct);
    }

    private async Task<IActionResult> Save(int key, int? version, LocationDto location, CancellationToken ct)
    {
        var newVersion = await Mediator.Send(new UpdateLocation(key, version, Fields(location)), ct);
        ETags.Write(Request, newVersion);
        return Updated(await db.LocationDtos().SingleAsync(l => l.Id == key, ct));
    }

    private static LocationFields Fields(LocationDto l) => new(l.Name, l.NameZhHans, l.NameEn, l.Kind, l.HeadcountPerShift, l.ShiftsPerDay);
}

public sealed class DonorsController(SupplyTrackerDbContext db, CallerContext caller, IMediator mediator) : ApiController(mediator)
{
    private static readonly string[] ServerOwned = [nameof(DonorDto.Id), nameof(DonorDto.Version)];

    [ApiQuery]
    public IQueryable<DonorDto> Get() => db.DonorDtos(caller);

    [ApiQuery]
    public async Task<ActionResult<SingleResult<DonorDto>>> Get([FromODataUri] int key, CancellationToken ct)
    {
        return WithETag(db.DonorDtos(caller).Where(d => d.Id == key), await db.Donors.Where(d => d.Id == key).Select(d => (int?)d.Version).FirstOrDefaultAsync(ct));
    }

    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Post([FromBody] DonorDto donor, CancellationToken ct)
    {
        var id = await Mediator.Send(new CreateDonor(Fields(donor)), ct);
        return Created(await db.DonorDtos(caller).SingleAsync(d => d.Id == id, ct));
    }

    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Patch([FromODataUri] int key, Delta<DonorDto> delta, CancellationToken ct)
    {
        RefuseChanges(delta, ServerOwned);
        var current = await db.DonorDtos(caller).FirstOrDefaultAsync(d => d.Id == key, ct) ?? throw new NotFoundException("Donor", key);
        var version = ETags.ExpectedVersion(Request, required: true);
        delta.Patch(current);
        return await Save(key, version, current, ct);
    }

    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Put([FromODataUri] int key, [FromBody] DonorDto donor, CancellationToken ct)
    {
        var current = await db.DonorDtos(caller).FirstOrDefaultAsync(d => d.Id == key, ct) ?? throw new NotFoundException("Donor", key);
        RefuseDifferent("id", donor.Id, key);
        var version = ETags.ExpectedVersion(Request, required: true);
        return await Save(key, version, donor, ct);
    }

    private async Task<IActionResult> Save(int key, int? version, DonorDto donor, CancellationToken ct)
    {
        var newVersion = await Mediator.Send(new UpdateDonor(key, version, Fields(donor)), ct);
        ETags.Write(Request, newVersion);
        return Updated(await db.DonorDtos(caller).SingleAsync(d => d.Id == key, ct));
    }

    private static DonorFields Fields(DonorDto d) =>
        new(d.Name, d.Kind, d.ContactName, d.Phone, d.Email, d.Address, d.IsAnonymous, d.PreferredLanguage, d.WantsFollowUp, d.TracePublic);

    /// <summary>Records the donor's consent (who and when from the caller); honours If-Match when sent.</summary>
    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> RecordConsent([FromODataUri] int key, ODataActionParameters parameters, CancellationToken ct)
    {
        var newVersion = await Mediator.Send(new RecordDonorConsent(key, ETags.ExpectedVersion(Request, required: false),
            Flag(parameters, "namePublic"), Flag(parameters, "tracePublic")), ct);
        ETags.Write(Request, newVersion);
        return Ok(await db.DonorDtos(caller).SingleAsync(d => d.Id == key, ct));
    }

    private static bool Flag(ODataActionParameters? parameters, string name) =>
        parameters is not null && parameters.TryGetValue(name, out var value) && value is bool flag ? flag
        : throw new DomainValidationException(name, $"'{name}' must be true or false.");
}
