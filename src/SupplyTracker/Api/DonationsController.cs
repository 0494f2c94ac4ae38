using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Features;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Receipts;
using SupplyTracker.Features.Mail;

namespace SupplyTracker.Api;

public sealed class DonationsController(SupplyTrackerDbContext db, CallerContext caller, IMediator mediator) : ApiController(mediator)
{
    [ApiQuery]
    public IQueryable<DonationDto> Get() => db.DonationDtos(caller);

    [ApiQuery]
    public async Task<ActionResult<SingleResult<DonationDto>>> Get([FromODataUri] int key, CancellationToken ct)
    {
        return WithETag(db.DonationDtos(caller).Where(d => d.Id == key), await CurrentVersion(key, ct));
    }

    [ApiQuery]
    [HttpGet("odata/Donations({key})/lines")]
    [HttpGet("odata/Donations({key})/lines/$count")]
    public async Task<ActionResult<IQueryable<DonationLineDto>>> GetLines([FromODataUri] int key, CancellationToken ct) =>
        await CurrentVersion(key, ct) is null ? NotFound() : Ok(db.DonationDtos(caller).Where(d => d.Id == key).SelectMany(d => d.Lines));

    /// <summary>POST with its lines records the whole donation at once (deep insert).</summary>
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Post([FromBody] DonationDto donation, CancellationToken ct)
    {
        var lines = (donation.Lines ?? []).Select((l, i) => new RecordDonation.Line(l.ItemId, CountOf(l, i), l.LotNumber, l.ExpiresOn, l.DeclaredValue,
            l.PackCount is null ? null : l.PackId,
            Evidence: new LotEvidence(l.Manufacturer, l.RegistrationNumber, l.StandardClaimed, l.TestReportReference), DirectedToLocationId: l.DirectedToLocationId,
            ValueBasis: l.ValueBasis, ValueNote: l.ValueNote)).ToList();
        var recorded = await Mediator.Send(new RecordDonation(donation.DonorId, donation.ReceivingLocationId, donation.ReceivedOn, donation.Note, lines,
            donation.Reference, donation.DirectedToLocationId), ct);
        return Created(await db.DonationDtos(caller).SingleAsync(d => d.Id == recorded.DonationId, ct));
    }

    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Inspect([FromODataUri] int key, ODataActionParameters parameters, CancellationToken ct)
    {
        var decisions = Decisions(parameters).Select((d, i) => new InspectDonation.Decision(d.LineId, ParseOutcome<LineDecision>(d.Outcome, i), d.Reason)).ToList();
        await Mediator.Send(new InspectDonation(key, decisions, ExpectedVersion()), ct);
        return await Current(key, ct);
    }

    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> ReleaseFromQuarantine([FromODataUri] int key, ODataActionParameters parameters, CancellationToken ct)
    {
        var decisions = Decisions(parameters).Select((d, i) => new ReleaseFromQuarantine.Decision(d.LineId, ParseOutcome<QuarantineOutcome>(d.Outcome, i), d.Reason)).ToList();
        await Mediator.Send(new ReleaseFromQuarantine(key, decisions, ExpectedVersion()), ct);
        return await Current(key, ct);
    }

    /// <summary>Issues the donation's receipt (optionally {"language":"en"}); answers with the receipt.</summary>
    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> IssueReceipt([FromODataUri] int key, ODataActionParameters parameters, CancellationToken ct)
    {
        _ = await CurrentVersion(key, ct) ?? throw new NotFoundException("Donation", key);
        var language = parameters is not null && parameters.TryGetValue("language", out var value) ? value as string : null;
        var number = await Mediator.Send(new IssueReceipt(key, language), ct);
        return Ok(await db.DonorReceiptDtos(caller).SingleAsync(r => r.Number == number, ct));
    }

    /// <summary>Queues the "where it went" follow-up to the donor; answers the queued outbox message.</summary>
    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> QueueWhereItWent([FromODataUri] int key, CancellationToken ct)
    {
        if (await CurrentVersion(key, ct) is null) throw new NotFoundException("Donation", key);
        var id = await Mediator.Send(new QueueWhereItWent(key), ct);
        return Ok(await db.OutboxMessageDtos().SingleAsync(m => m.Id == id, ct));
    }

    /// <summary>A line is given in base units (quantity) or as packs (packId + packCount), not both.</summary>
    private static decimal CountOf(DonationLineDto line, int index)
    {
        if (line.PackCount is not { } packs) return line.Quantity;
        if (line.PackId is null)
            throw new DomainValidationException($"lines[{index}].packId", ErrorCodes.FieldRequired);
        if (line.Quantity != 0)
            throw new DomainValidationException($"lines[{index}].quantity", ErrorCodes.DonationQuantityOrPacks);
        return packs;
    }

    // The same rows as DonationDtos (its scope), without building and hashing its whole projection for one column.
    private Task<int?> CurrentVersion(int key, CancellationToken ct) =>
        db.Donations.VisibleTo(caller).Where(d => d.Id == key).Select(d => (int?)d.Version).FirstOrDefaultAsync(ct);

    // Workflow actions honour If-Match when it is sent (two inspectors deciding different lines need not race);
    // the command compares it inside its transaction.
    private int? ExpectedVersion() => ETags.ExpectedVersion(Request, required: false);

    private async Task<IActionResult> Current(int key, CancellationToken ct)
    {
        var donation = await db.DonationDtos(caller).SingleAsync(d => d.Id == key, ct);
        ETags.Write(Request, donation.Version);
        return Ok(donation);
    }

    private static IReadOnlyList<LineDecisionDto> Decisions(ODataActionParameters? parameters) =>
        parameters is not null && parameters.TryGetValue("decisions", out var value) && value is IEnumerable<LineDecisionDto> decisions
            ? [.. decisions]
            : throw new DomainValidationException("decisions", "'decisions' is required: a list of { lineId, outcome, reason }.");

    private static T ParseOutcome<T>(string outcome, int index) where T : struct, Enum =>
        Enum.TryParse<T>(outcome, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new DomainValidationException($"decisions[{index}].outcome", $"'outcome' must be one of {string.Join(", ", Enum.GetNames<T>())}.");
}
