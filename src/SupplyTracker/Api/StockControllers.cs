using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Consumption;
using SupplyTracker.Features.Stock;
using SupplyTracker.Features;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Api;

/// <summary>Balances are derived from the ledger: read only.</summary>
public sealed class StockBalancesController(SupplyTrackerDbContext db, CallerContext caller, IMediator mediator) : ApiController(mediator)
{
    [ApiQuery]
    public IQueryable<StockBalanceDto> Get() => db.StockBalanceDtos(caller);

    [ApiQuery]
    public SingleResult<StockBalanceDto> Get([FromODataUri] long key) => SingleResult.Create(db.StockBalanceDtos(caller).Where(b => b.Id == key));

    /// <summary>Releases or writes off quarantined stock of this balance: <c>{ "quantity", "outcome": "Release"|"WriteOff", "reason" }</c>.</summary>
    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> ResolveQuarantine([FromODataUri] long key, ODataActionParameters parameters, CancellationToken ct)
    {
        if (!await db.StockBalanceDtos(caller).AnyAsync(b => b.Id == key, ct)) throw new NotFoundException("StockBalance", key);
        var quantity = parameters?.TryGetValue("quantity", out var q) == true ? Convert.ToDecimal(q, System.Globalization.CultureInfo.InvariantCulture) : 0m;
        var outcomeText = parameters?.TryGetValue("outcome", out var o) == true ? o as string : null;
        if (!Enum.TryParse<QuarantineResolution>(outcomeText, ignoreCase: true, out var outcome) || !Enum.IsDefined(outcome))
            throw new DomainValidationException("outcome", "'outcome' must be Release or WriteOff.");
        var reason = parameters?.TryGetValue("reason", out var r) == true ? r as string : null;
        await Mediator.Send(new ResolveQuarantine(key, quantity, outcome, reason), ct);
        return Ok(await db.StockBalanceDtos(caller).SingleAsync(b => b.Id == key, ct));
    }
}

/// <summary>The append-only ledger: read only; corrections are new movements posted by commands.</summary>
public sealed partial class StockMovementsController(SupplyTrackerDbContext db, CallerContext caller, IMediator mediator) : ApiController(mediator)
{
    [ApiQuery]
    public IQueryable<StockMovementDto> Get() => db.StockMovementDtos(caller);

    [ApiQuery]
    public SingleResult<StockMovementDto> Get([FromODataUri] long key) => SingleResult.Create(db.StockMovementDtos(caller).Where(m => m.Id == key));
}

public sealed partial class StockAdjustmentsController(SupplyTrackerDbContext db, CallerContext caller, IMediator mediator) : ApiController(mediator)
{
    [ApiQuery]
    public IQueryable<StockAdjustmentDto> Get() => db.StockAdjustmentDtos(caller);

    [ApiQuery]
    public SingleResult<StockAdjustmentDto> Get([FromODataUri] int key) => SingleResult.Create(db.StockAdjustmentDtos(caller).Where(a => a.Id == key));

    [Authorize(Policy = Policies.Stock)]
    public async Task<IActionResult> Post([FromBody] StockAdjustmentDto adjustment, CancellationToken ct)
    {
        var adjusted = await Mediator.Send(new AdjustStock(adjustment.LocationId, adjustment.ItemId, adjustment.LotNumber, adjustment.ExpiresOn,
            adjustment.Quantity, adjustment.Reason, adjustment.Note), ct);
        return Created(await db.StockAdjustmentDtos(caller).SingleAsync(a => a.Id == adjusted.AdjustmentId, ct));
    }
}

public sealed class TransfersController(SupplyTrackerDbContext db, CallerContext caller, IMediator mediator) : ApiController(mediator)
{
    [ApiQuery]
    public IQueryable<TransferDto> Get() => db.TransferDtos(caller);

    [ApiQuery]
    public SingleResult<TransferDto> Get([FromODataUri] int key) => SingleResult.Create(db.TransferDtos(caller).Where(t => t.Id == key));

    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Post([FromBody] TransferDto transfer, CancellationToken ct)
    {
        var transferred = await Mediator.Send(new TransferStock(transfer.FromLocationId, transfer.ToLocationId, transfer.ItemId, transfer.LotNumber,
            transfer.Quantity, transfer.Note, transfer.DirectedToLocationId, transfer.OverrideReason), ct);
        return Created(await db.TransferDtos(caller).SingleAsync(t => t.Id == transferred.TransferId, ct));
    }
}

public sealed class ConsumptionReportsController(SupplyTrackerDbContext db, CallerContext caller, IMediator mediator) : ApiController(mediator)
{
    [ApiQuery]
    public IQueryable<ConsumptionReportDto> Get() => db.ConsumptionReportDtos(caller);

    [ApiQuery]
    public SingleResult<ConsumptionReportDto> Get([FromODataUri] int key) => SingleResult.Create(db.ConsumptionReportDtos(caller).Where(r => r.Id == key));

    [ApiQuery]
    [HttpGet("odata/ConsumptionReports({key})/lines")]
    [HttpGet("odata/ConsumptionReports({key})/lines/$count")]
    public async Task<ActionResult<IQueryable<ConsumptionLineDto>>> GetLines([FromODataUri] int key, CancellationToken ct) =>
        await db.ConsumptionReportDtos(caller).AnyAsync(r => r.Id == key, ct)
            ? Ok(db.ConsumptionReportDtos(caller).Where(r => r.Id == key).SelectMany(r => r.Lines))
            : NotFound();

    [Authorize(Policy = Policies.Stock)]
    public async Task<IActionResult> Post([FromBody] ConsumptionReportDto report, CancellationToken ct)
    {
        var lines = (report.Lines ?? []).Select(l => new RecordConsumption.Line(l.ItemId, l.Quantity)).ToList();
        var recorded = await Mediator.Send(new RecordConsumption(report.LocationId, report.ConsumedOn, report.Note, lines), ct);
        return Created(await db.ConsumptionReportDtos(caller).SingleAsync(r => r.Id == recorded.ConsumptionReportId, ct));
    }
}
