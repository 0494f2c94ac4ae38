using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Deltas;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;
using SupplyTracker.Features;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Api;

/// <summary>A station's requests, from draft to closed; every workflow step is a bound action that sends one command.</summary>
public sealed class AllocationRequestsController(SupplyTrackerDbContext db, IMediator mediator, CallerContext caller) : ApiController(mediator)
{
    private static readonly string[] Editable =
        [nameof(AllocationRequestDto.Priority), nameof(AllocationRequestDto.Justification), nameof(AllocationRequestDto.NeededBy)];

    private static readonly string[] NotEditable = [.. typeof(AllocationRequestDto).GetProperties().Select(p => p.Name).Except(Editable)];

    // The one query root for this set: reads, actions and functions all start here, so station scoping lives in one place.
    private IQueryable<AllocationRequest> Requests() => db.AllocationRequests.VisibleTo(caller);

    [ApiQuery]
    public IQueryable<AllocationRequestDto> Get() => Requests().ToDtos();

    [ApiQuery]
    public async Task<ActionResult<SingleResult<AllocationRequestDto>>> Get([FromODataUri] int key, CancellationToken ct)
    {
        return WithETag(Requests().Where(r => r.Id == key).ToDtos(), await CurrentVersion(key, ct));
    }

    [ApiQuery]
    [HttpGet("odata/AllocationRequests({key})/lines")]
    [HttpGet("odata/AllocationRequests({key})/lines/$count")]
    public async Task<ActionResult<IQueryable<AllocationRequestLineDto>>> GetLines([FromODataUri] int key, CancellationToken ct) =>
        await Requests().AnyAsync(r => r.Id == key, ct) ? Ok(Requests().Where(r => r.Id == key).ToDtos().SelectMany(r => r.Lines)) : NotFound();

    /// <summary>POST with its lines drafts the whole request at once (deep insert).</summary>
    [Authorize(Policy = Policies.Stock)]
    public async Task<IActionResult> Post([FromBody] AllocationRequestDto request, CancellationToken ct)
    {
        var lines = (request.Lines ?? []).Select(l => new CreateRequest.Line(l.ItemId, l.PackId is null ? l.QuantityRequested : l.PackCount ?? 0, l.PackId)).ToList();
        var id = await Mediator.Send(new CreateRequest(request.RequestingLocationId, request.SourceLocationId, request.Priority,
            request.Justification, request.NeededBy, lines), ct);
        var created = await Requests().ToDtos().SingleAsync(r => r.Id == id, ct);
        ETags.Write(Request, created.Version);
        return Created(created);
    }

    /// <summary>Only a draft's priority, justification and needed-by date can be patched; the workflow moves by actions.</summary>
    [Authorize(Policy = Policies.Stock)]
    public async Task<IActionResult> Patch([FromODataUri] int key, Delta<AllocationRequestDto> delta, CancellationToken ct)
    {
        // Another station's request is not found before anything else is said about it.
        var current = await Requests().ToDtos().FirstOrDefaultAsync(r => r.Id == key, ct) ?? throw new NotFoundException(nameof(AllocationRequest), key);
        RefuseChanges(delta, NotEditable);
        var version = ETags.ExpectedVersion(Request, required: true);
        delta.Patch(current);
        await Mediator.Send(new EditDraftRequest(key, version, current.Priority, current.Justification, current.NeededBy), ct);
        return await Current(key, ct);
    }

    [Authorize(Policy = Policies.Stock)]
    [HttpPost]
    public async Task<IActionResult> Submit([FromODataUri] int key, CancellationToken ct)
    {
        await Mediator.Send(new SubmitRequest(key, ExpectedVersion()), ct);
        return await Current(key, ct);
    }

    [Authorize(Policy = Policies.Warehouse)]
    [HttpPost]
    public async Task<IActionResult> Approve([FromODataUri] int key, ODataActionParameters parameters, CancellationToken ct)
    {
        var expected = ExpectedVersion();
        var lines = parameters is not null && parameters.TryGetValue("lines", out var value) && value is IEnumerable<ApprovalLineDto> given
            ? given.Select(l => new ApproveRequest.Line(l.LineId, l.QuantityApproved)).ToList()
            : throw new DomainValidationException("lines", "'lines' is required: a list of { lineId, quantityApproved }.");
        await Mediator.Send(new ApproveRequest(key, expected, lines), ct);
        return await Current(key, ct);
    }

    [Authorize(Policy = Policies.Warehouse)]
    [HttpPost]
    public async Task<IActionResult> Reject([FromODataUri] int key, ODataActionParameters parameters, CancellationToken ct)
    {
        var expected = ExpectedVersion();
        await Mediator.Send(new RejectRequest(key, expected, Text(parameters, "reason")), ct);
        return await Current(key, ct);
    }

    [Authorize(Policy = Policies.Warehouse)]
    [HttpPost]
    public async Task<IActionResult> Allocate([FromODataUri] int key, CancellationToken ct)
    {
        await Mediator.Send(new AllocateRequest(key, ExpectedVersion()), ct);
        return await Current(key, ct);
    }

    [Authorize(Policy = Policies.Stock)]
    [HttpPost]
    public async Task<IActionResult> Cancel([FromODataUri] int key, ODataActionParameters parameters, CancellationToken ct)
    {
        var expected = ExpectedVersion();
        await Mediator.Send(new CancelRequest(key, expected, Text(parameters, "reason")), ct);
        return await Current(key, ct);
    }

    /// <summary>Answers with the new shipment.</summary>
    [Authorize(Policy = Policies.Warehouse)]
    [HttpPost]
    public async Task<IActionResult> Dispatch([FromODataUri] int key, CancellationToken ct)
    {
        var shipmentId = await Mediator.Send(new DispatchRequest(key, ExpectedVersion()), ct);
        var shipment = await db.Shipments.Where(s => s.Id == shipmentId).ToDtos().SingleAsync(ct);
        ETags.Write(Request, shipment.Version);
        return Ok(shipment);
    }

    [Authorize(Policy = Policies.Warehouse)]
    [HttpPost]
    public async Task<IActionResult> Close([FromODataUri] int key, CancellationToken ct)
    {
        await Mediator.Send(new CloseRequest(key, ExpectedVersion()), ct);
        return await Current(key, ct);
    }

    /// <summary>Quantities that bring the station to the days of cover of the others (see SuggestQuantities).</summary>
    [HttpGet]
    public async Task<IActionResult> Suggest([FromODataUri] int key, CancellationToken ct)
    {
        _ = await CurrentVersion(key, ct) ?? throw new NotFoundException(nameof(AllocationRequest), key);
        var suggestions = await Mediator.Send(new SuggestQuantities(key), ct);
        return Ok(suggestions.Select(s => new LineSuggestionDto
        {
            LineId = s.LineId, ItemId = s.ItemId, QuantityRequested = s.QuantityRequested, QuantitySuggested = s.QuantitySuggested,
            WarehouseAvailable = s.WarehouseAvailable, DailyNeed = s.DailyNeed, DaysOfCoverNow = s.DaysOfCoverNow, TargetDaysOfCover = s.TargetDaysOfCover,
        }).ToList());
    }

    private Task<int?> CurrentVersion(int key, CancellationToken ct) =>
        Requests().Where(r => r.Id == key).Select(r => (int?)r.Version).FirstOrDefaultAsync(ct);

    // If-Match is optional on actions (as on Donations); when sent, the command compares it inside its transaction.
    private int? ExpectedVersion() => ETags.ExpectedVersion(Request, required: false);

    private async Task<IActionResult> Current(int key, CancellationToken ct)
    {
        var request = await Requests().Where(r => r.Id == key).ToDtos().SingleAsync(ct);
        ETags.Write(Request, request.Version);
        return Ok(request);
    }

    private static string? Text(ODataActionParameters? parameters, string name) =>
        parameters is not null && parameters.TryGetValue(name, out var value) ? value as string : null;
}

/// <summary>What left a warehouse for a station; the station confirms delivery line by line.</summary>
public sealed class ShipmentsController(SupplyTrackerDbContext db, IMediator mediator, CallerContext caller) : ApiController(mediator)
{
    // The one query root for this set (see AllocationRequestsController).
    private IQueryable<Shipment> Shipments() => db.Shipments.VisibleTo(caller);

    [ApiQuery]
    public IQueryable<ShipmentDto> Get() => Shipments().ToDtos();

    [ApiQuery]
    public async Task<ActionResult<SingleResult<ShipmentDto>>> Get([FromODataUri] int key, CancellationToken ct)
    {
        return WithETag(Shipments().Where(s => s.Id == key).ToDtos(), await CurrentVersion(key, ct));
    }

    [ApiQuery]
    [HttpGet("odata/Shipments({key})/lines")]
    [HttpGet("odata/Shipments({key})/lines/$count")]
    public async Task<ActionResult<IQueryable<ShipmentLineDto>>> GetLines([FromODataUri] int key, CancellationToken ct) =>
        await Shipments().AnyAsync(s => s.Id == key, ct) ? Ok(Shipments().Where(s => s.Id == key).ToDtos().SelectMany(s => s.Lines)) : NotFound();

    [Authorize(Policy = Policies.Stock)]
    [HttpPost]
    public async Task<IActionResult> ConfirmDelivery([FromODataUri] int key, ODataActionParameters parameters, CancellationToken ct)
    {
        // Another station's shipment is not found before anything is said about the body.
        if (await CurrentVersion(key, ct) is null) throw new NotFoundException(nameof(Shipment), key);
        var expected = ETags.ExpectedVersion(Request, required: false);
        var lines = parameters is not null && parameters.TryGetValue("lines", out var value) && value is IEnumerable<DeliveryLineDto> given
            ? given.Select(l => new ConfirmDelivery.Line(l.LineId, l.QuantityAccepted, l.QuantityRejected, l.Reason)).ToList()
            : throw new DomainValidationException("lines", "'lines' is required: a list of { lineId, quantityAccepted, quantityRejected, reason }.");
        await Mediator.Send(new ConfirmDelivery(key, expected, lines), ct);
        var shipment = await Shipments().Where(s => s.Id == key).ToDtos().SingleAsync(ct);
        ETags.Write(Request, shipment.Version);
        return Ok(shipment);
    }

    private Task<int?> CurrentVersion(int key, CancellationToken ct) =>
        Shipments().Where(s => s.Id == key).Select(s => (int?)s.Version).FirstOrDefaultAsync(ct);
}

public sealed partial class LocationsController
{
    /// <summary>Per item at this location: usable stock, daily need and days of cover.</summary>
    [HttpGet]
    public async Task<IActionResult> DaysOfCover([FromODataUri] int key, CancellationToken ct)
    {
        if (caller.StationLocationId is { } own && own != key) throw new NotFoundException(nameof(Location), key);
        var cover = await Mediator.Send(new GetDaysOfCover(key), ct);
        return Ok(cover.Select(c => new ItemCoverDto
        {
            ItemId = c.ItemId, ItemCode = c.ItemCode, QuantityAvailable = c.QuantityAvailable, DailyNeed = c.DailyNeed,
            NeedBasis = c.NeedBasis, DaysOfCover = c.DaysOfCover,
        }).ToList());
    }
}
