using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Pledges;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Api;

/// <summary>
/// Pledges: read by the warehouse and auditors (they carry the donor's contact), written by the warehouse — POST
/// registers one, Cancel closes it, Receive records the donation exactly as pledged (then corrected like any donation).
/// </summary>
[Authorize(Policy = Policies.Outbox)]
public sealed class PledgesController(SupplyTrackerDbContext db, CallerContext caller, DeploymentTime time, IMediator mediator) : ApiController(mediator)
{
    [ApiQuery]
    public IQueryable<PledgeDto> Get() => db.PledgeDtos(caller);

    [ApiQuery]
    public async Task<ActionResult<SingleResult<PledgeDto>>> Get([FromODataUri] int key, CancellationToken ct) =>
        WithETag(db.PledgeDtos(caller).Where(p => p.Id == key), await CurrentVersion(key, ct));

    [ApiQuery]
    [HttpGet("odata/Pledges({key})/lines")]
    [HttpGet("odata/Pledges({key})/lines/$count")]
    public async Task<ActionResult<IQueryable<PledgeLineDto>>> GetLines([FromODataUri] int key, CancellationToken ct) =>
        await CurrentVersion(key, ct) is null ? NotFound() : Ok(db.PledgeDtos(caller).Where(p => p.Id == key).SelectMany(p => p.Lines));

    /// <summary>POST with its lines registers the whole pledge (deep insert).</summary>
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Post([FromBody] PledgeDto pledge, CancellationToken ct)
    {
        var lines = (pledge.Lines ?? []).Select(l => new CreatePledge.Line(l.ItemId, l.PackId is null ? l.Quantity : l.PackCount ?? 0, l.PackId,
            l.LotNumber, l.ExpiresOn)).ToList();
        var id = await Mediator.Send(new CreatePledge(pledge.DonorId, pledge.ContactName, pledge.ContactPhone, pledge.ExpectedOn, pledge.ReceivingLocationId,
            pledge.DirectedToLocationId, pledge.Note, lines), ct);
        return Created(await db.PledgeDtos(caller).SingleAsync(p => p.Id == id, ct));
    }

    /// <summary>{ "reason": "…" }: the donor called the delivery off.</summary>
    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Cancel([FromODataUri] int key, ODataActionParameters parameters, CancellationToken ct)
    {
        if (await CurrentVersion(key, ct) is null) throw new NotFoundException(nameof(Pledge), key);
        var reason = parameters is not null && parameters.TryGetValue("reason", out var value) ? value as string : null;
        await Mediator.Send(new CancelPledge(key, reason), ct);
        return await Current(key, ct);
    }

    /// <summary>
    /// The truck arrived: records the donation as pledged (received today unless <c>receivedOn</c> says otherwise) and answers
    /// the pledge, now Received with its <c>donationId</c>. Differences are corrected on the donation, at inspection.
    /// </summary>
    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Receive([FromODataUri] int key, ODataActionParameters parameters, CancellationToken ct)
    {
        var pledge = await Mediator.Send(new GetPledge(key), ct) ?? throw new NotFoundException(nameof(Pledge), key);
        var receivedOn = parameters is not null && parameters.TryGetValue("receivedOn", out var value) ? value switch
        {
            DateOnly day => day,
            DateTimeOffset instant => DateOnly.FromDateTime(instant.Date),
            DateTime instant => DateOnly.FromDateTime(instant),
            string text when DateOnly.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => time.Today,
        } : time.Today;
        await Mediator.Send(new RecordDonation(pledge.DonorId, pledge.ReceivingLocationId, receivedOn, pledge.Note,
            [.. pledge.Lines.Select(l => new RecordDonation.Line(l.ItemId, l.PackCount ?? l.Quantity, l.LotNumber, l.ExpiresOn, null,
                l.PackCount is null ? null : l.PackId))],
            DirectedToLocationId: pledge.DirectedToLocationId, PledgeId: key), ct);
        return await Current(key, ct);
    }

    private Task<int?> CurrentVersion(int key, CancellationToken ct) =>
        db.Pledges.Where(p => p.Id == key).Select(p => (int?)p.Version).FirstOrDefaultAsync(ct);

    private async Task<IActionResult> Current(int key, CancellationToken ct)
    {
        var pledge = await db.PledgeDtos(caller).SingleAsync(p => p.Id == key, ct);
        ETags.Write(Request, pledge.Version);
        return Ok(pledge);
    }
}

public static class PledgeProjections
{
    public static IQueryable<PledgeDto> PledgeDtos(this SupplyTrackerDbContext db, CallerContext caller)
    {
        var today = caller.Today;
        var contacts = caller.SeesDonorContacts;
        return db.Pledges.Select(p => new PledgeDto
        {
            Id = p.Id, DonorId = p.DonorId, ContactName = contacts ? p.ContactName : null, ContactPhone = contacts ? p.ContactPhone : null,
            ExpectedOn = p.ExpectedOn, ReceivingLocationId = p.ReceivingLocationId, DirectedToLocationId = p.DirectedToLocationId, Note = p.Note,
            State = p.Status == PledgeStatus.Received ? PledgeState.Received
                : p.Status == PledgeStatus.Cancelled ? PledgeState.Cancelled
                : p.ExpectedOn < today ? PledgeState.Overdue : PledgeState.Pledged,
            DonationId = p.DonationId, CancelReason = p.CancelReason, CreatedBy = p.CreatedBy, CreatedAt = p.CreatedAt, ClosedBy = p.ClosedBy,
            ClosedAt = p.ClosedAt, Version = p.Version,
            Lines = p.Lines.OrderBy(l => l.LineNumber).Select(l => new PledgeLineDto
            {
                Id = l.Id, LineNumber = l.LineNumber, ItemId = l.ItemId, Quantity = l.Quantity, PackId = l.PackId,
                PackCount = l.Pack == null ? null : l.Quantity / l.Pack.Quantity, LotNumber = l.LotNumber, ExpiresOn = l.ExpiresOn,
            }).ToList(),
        });
    }
}
