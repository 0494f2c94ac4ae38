using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Api;

/// <summary>Stock counts: POST starts one; Enter, Submit, Approve and Cancel move it on. Reads go through <see cref="GetStockCount"/>, so they are blind while open.</summary>
public sealed class StockCountsController(SupplyTrackerDbContext db, CallerContext caller, IMediator mediator) : ApiController(mediator)
{
    [ApiQuery]
    public async Task<IActionResult> Get(CancellationToken ct)
    {
        var station = caller.StationLocationId;
        var ids = await db.StockCounts.AsNoTracking().Where(c => station == null || c.LocationId == station).OrderByDescending(c => c.Id)
            .Select(c => c.Id).Take(500).ToListAsync(ct);
        var counts = new List<StockCountDto>();
        foreach (var id in ids) counts.Add(Dto(await Mediator.Send(new GetStockCount(id), ct)));
        return Ok(counts);
    }

    [ApiQuery]
    public async Task<IActionResult> Get([FromODataUri] int key, CancellationToken ct)
    {
        var count = await Mediator.Send(new GetStockCount(key), ct);
        ETags.Write(Request, count.Version);
        return Ok(Dto(count));
    }

    [Authorize(Policy = Policies.Stock)]
    public async Task<IActionResult> Post([FromBody] StockCountDto count, CancellationToken ct)
    {
        var started = await Mediator.Send(new StartStockCount(count.LocationId, count.ItemIds?.ToList(), count.Note), ct);
        return Created(Dto(await Mediator.Send(new GetStockCount(started.StockCountId), ct)));
    }

    /// <summary><c>{ "lines": [{ "lineId", "countedQuantity" }] }</c></summary>
    [HttpPost]
    [Authorize(Policy = Policies.Stock)]
    public async Task<IActionResult> Enter([FromODataUri] int key, ODataActionParameters parameters, CancellationToken ct)
    {
        await Mediator.Send(new GetStockCount(key), ct);
        var lines = parameters?.TryGetValue("lines", out var l) == true && l is IEnumerable<CountEntryDto> entries ? entries.ToList() : [];
        await Mediator.Send(new EnterStockCount(key, [.. lines.Select(e => new EnterStockCount.Line(e.LineId, e.CountedQuantity))]), ct);
        return Ok(Dto(await Mediator.Send(new GetStockCount(key), ct)));
    }

    [HttpPost]
    [Authorize(Policy = Policies.Stock)]
    public async Task<IActionResult> Submit([FromODataUri] int key, CancellationToken ct)
    {
        await Mediator.Send(new GetStockCount(key), ct);
        await Mediator.Send(new SubmitStockCount(key), ct);
        return Ok(Dto(await Mediator.Send(new GetStockCount(key), ct)));
    }

    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Approve([FromODataUri] int key, CancellationToken ct)
    {
        await Mediator.Send(new ApproveStockCount(key), ct);
        return Ok(Dto(await Mediator.Send(new GetStockCount(key), ct)));
    }

    [HttpPost]
    [Authorize(Policy = Policies.Stock)]
    public async Task<IActionResult> Cancel([FromODataUri] int key, CancellationToken ct)
    {
        await Mediator.Send(new GetStockCount(key), ct);
        await Mediator.Send(new CancelStockCount(key), ct);
        return Ok(Dto(await Mediator.Send(new GetStockCount(key), ct)));
    }

    private static StockCountDto Dto(StockCountView c) => new()
    {
        Id = c.Id, LocationId = c.LocationId, Status = c.Status, Note = c.Note, StartedBy = c.StartedBy, StartedAt = c.StartedAt,
        SubmittedBy = c.SubmittedBy, SubmittedAt = c.SubmittedAt, ApprovedBy = c.ApprovedBy, ApprovedAt = c.ApprovedAt, Version = c.Version,
        Lines = [.. c.Lines.Select(l => new StockCountLineDto
        {
            Id = l.Id, ItemId = l.ItemId, ItemCode = l.ItemCode, LotNumber = l.LotNumber, ExpiresOn = l.ExpiresOn, CountedQuantity = l.CountedQuantity,
            BookAtStart = l.BookAtStart, MovedDuringCount = l.MovedDuringCount, Expected = l.Expected, Variance = l.Variance,
        })],
    };
}

public sealed partial class StockMovementsController
{
    /// <summary>Posts the exact opposite of this movement (and of its transfer's other leg): <c>{ "reason" }</c>; returns the reversal movements.</summary>
    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Reverse([FromODataUri] long key, ODataActionParameters parameters, CancellationToken ct)
    {
        var reason = parameters?.TryGetValue("reason", out var r) == true ? r as string : null;
        var reversed = await Mediator.Send(new ReverseMovement(key, reason), ct);
        var ids = reversed.ReversalIds.ToList();
        return Ok(await db.StockMovementDtos(caller).Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(ct));
    }
}

public sealed partial class StockAdjustmentsController
{
    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Approve([FromODataUri] int key, CancellationToken ct)
    {
        await Mediator.Send(new DecideAdjustment(key, AdjustmentDecision.Approve, null), ct);
        return Ok(await db.StockAdjustmentDtos(caller).SingleAsync(a => a.Id == key, ct));
    }

    /// <summary><c>{ "reason" }</c></summary>
    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Reject([FromODataUri] int key, ODataActionParameters parameters, CancellationToken ct)
    {
        var reason = parameters?.TryGetValue("reason", out var r) == true ? r as string : null;
        await Mediator.Send(new DecideAdjustment(key, AdjustmentDecision.Reject, reason), ct);
        return Ok(await db.StockAdjustmentDtos(caller).SingleAsync(a => a.Id == key, ct));
    }
}

public sealed partial class LocationsController
{
    /// <summary>Writes off every expired lot at this location in one command: <c>{ "note" }</c> (optional); returns what was written off.</summary>
    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> WriteOffExpired([FromODataUri] int key, ODataActionParameters parameters, CancellationToken ct)
    {
        if (!await db.Locations.AnyAsync(l => l.Id == key, ct)) throw new NotFoundException(nameof(Location), key);
        var note = parameters?.TryGetValue("note", out var n) == true ? n as string : null;
        var written = await Mediator.Send(new WriteOffExpired(key, note), ct);
        return Ok(written.Select(w => new ExpiredWriteOffDto
        {
            AdjustmentId = w.AdjustmentId, ItemId = w.ItemId, ItemCode = w.ItemCode, LotNumber = w.LotNumber, ExpiresOn = w.ExpiresOn, Quantity = w.Quantity,
        }).ToList());
    }
}
