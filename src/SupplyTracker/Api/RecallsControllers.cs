using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Deltas;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Alerts;
using SupplyTracker.Features.Recalls;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Api;

/// <summary>Lots and their evidence; logistics correct the evidence with PATCH.</summary>
public sealed class LotsController(SupplyTrackerDbContext db, IMediator mediator) : ApiController(mediator)
{
    private static readonly string[] Editable =
        [nameof(LotDto.Manufacturer), nameof(LotDto.RegistrationNumber), nameof(LotDto.StandardClaimed), nameof(LotDto.TestReportReference)];

    [ApiQuery]
    public IQueryable<LotDto> Get() => db.LotDtos();

    [ApiQuery]
    public SingleResult<LotDto> Get([FromODataUri] int key) => SingleResult.Create(db.LotDtos().Where(l => l.Id == key));

    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Patch([FromODataUri] int key, Delta<LotDto> delta, CancellationToken ct)
    {
        RefuseChanges(delta, [.. typeof(LotDto).GetProperties().Select(p => p.Name).Except(Editable)]);
        var current = await db.LotDtos().FirstOrDefaultAsync(l => l.Id == key, ct) ?? throw new NotFoundException("Lot", key);
        delta.Patch(current);
        await Mediator.Send(new SetLotEvidence(key, new LotEvidence(current.Manufacturer, current.RegistrationNumber, current.StandardClaimed,
            current.TestReportReference)), ct);
        return Updated(await db.LotDtos().SingleAsync(l => l.Id == key, ct));
    }
}

/// <summary>Recalls: logistics raise them; a station confirms its own set-aside; the trace is derived from the ledger.</summary>
public sealed class RecallsController(SupplyTrackerDbContext db, CallerContext scope, IMediator mediator) : ApiController(mediator)
{
    [ApiQuery]
    public IQueryable<RecallDto> Get() => db.RecallDtos(scope);

    [ApiQuery]
    public SingleResult<RecallDto> Get([FromODataUri] int key) => SingleResult.Create(db.RecallDtos(scope).Where(r => r.Id == key));

    /// <summary><c>{ "itemId", "lotNumbers": [..], "reason", "source": "ManufacturerNotice"|"Inspection"|"Authority" }</c>.</summary>
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Post([FromBody] RecallDto recall, CancellationToken ct)
    {
        var raised = await Mediator.Send(new RecallLots(recall.ItemId, recall.LotNumbers ?? [], recall.Reason, recall.Source), ct);
        return Created(await db.RecallDtos(scope).SingleAsync(r => r.Id == raised.RecallId, ct));
    }

    /// <summary>GET Recalls(id)/Trace(): every location that received the lots, when, how much, consumed there and held now.</summary>
    [HttpGet]
    public async Task<IActionResult> Trace([FromODataUri] int key, CancellationToken ct)
    {
        var rows = await Mediator.Send(new TraceRecall(key), ct);
        if (rows is null) return NotFound();
        return Ok(rows.Select(r => new RecallTraceDto
        {
            LocationId = r.LocationId, LocationCode = r.LocationCode, Kind = r.Kind, FirstReceivedAt = r.FirstReceivedAt, LastReceivedAt = r.LastReceivedAt,
            QuantityReceived = r.QuantityReceived, QuantityConsumed = r.QuantityConsumed, QuantityHeld = r.QuantityHeld,
            QuantityQuarantined = r.QuantityQuarantined, Notified = r.Notified, ConfirmedAt = r.ConfirmedAt,
        }).ToList());
    }

    /// <summary>A station confirms it set the recalled goods aside; a Station user for its own location (the default), others name <c>locationId</c>.</summary>
    [HttpPost]
    [Authorize(Policy = Policies.Stock)]
    public async Task<IActionResult> ConfirmSetAside([FromODataUri] int key, ODataActionParameters parameters, CancellationToken ct)
    {
        if (!await db.RecallDtos(scope).AnyAsync(r => r.Id == key, ct)) throw new NotFoundException("Recall", key);
        var locationId = parameters?.TryGetValue("locationId", out var l) == true && l is not null
            ? Convert.ToInt32(l, CultureInfo.InvariantCulture)
            : scope.StationLocationId ?? throw new DomainValidationException("locationId", ErrorCodes.RecallLocationRequired);
        await Mediator.Send(new ConfirmRecallSetAside(key, locationId), ct);
        return Ok(await db.RecallDtos(scope).SingleAsync(r => r.Id == key, ct));
    }
}

/// <summary>Alerts: read in the caller's scope, dismissed by those they are for; RaiseAlerts evaluates the rules now.</summary>
public sealed class AlertsController(SupplyTrackerDbContext db, CallerContext scope, IMediator mediator) : ApiController(mediator)
{
    [ApiQuery]
    public IQueryable<AlertDto> Get() => db.AlertDtos(scope);

    [ApiQuery]
    public SingleResult<AlertDto> Get([FromODataUri] long key) => SingleResult.Create(db.AlertDtos(scope).Where(a => a.Id == key));

    [HttpPost]
    [Authorize(Policy = Policies.Stock)]
    public async Task<IActionResult> Dismiss([FromODataUri] long key, CancellationToken ct)
    {
        await Mediator.Send(new DismissAlert(key), ct);
        return Ok(await db.AlertDtos(scope).SingleAsync(a => a.Id == key, ct));
    }

    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> RaiseAlerts(CancellationToken ct)
    {
        var raised = await Mediator.Send(new RaiseAlerts(), ct);
        return Ok(new AlertsRaisedDto { Raised = raised.Raised });
    }
}
