using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Receipts;
using SupplyTracker.Features;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Api;

/// <summary>Donor receipts: read by every role (stations only their own location's), voided and reissued by the warehouse.</summary>
public sealed class DonorReceiptsController(SupplyTrackerDbContext db, IMediator mediator, CallerContext caller) : ApiController(mediator)
{
    [ApiQuery]
    public IQueryable<DonorReceiptDto> Get() => db.DonorReceiptDtos(caller);

    [ApiQuery]
    public async Task<ActionResult<SingleResult<DonorReceiptDto>>> Get([FromODataUri] string key, CancellationToken ct)
    {
        return WithETag(db.DonorReceiptDtos(caller).Where(r => r.Number == key), await db.DonorReceiptDtos(caller).Where(r => r.Number == key).Select(r => (int?)r.Version).FirstOrDefaultAsync(ct));
    }

    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Void([FromODataUri] string key, ODataActionParameters parameters, CancellationToken ct)
    {
        await Mediator.Send(new VoidReceipt(key, Text(parameters, "reason")), ct);
        return Ok(await db.DonorReceiptDtos(caller).SingleAsync(r => r.Number == key, ct));
    }

    /// <summary>Answers with the new receipt.</summary>
    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Reissue([FromODataUri] string key, ODataActionParameters parameters, CancellationToken ct)
    {
        var number = await Mediator.Send(new ReissueReceipt(key, Text(parameters, "reason"), Text(parameters, "language")), ct);
        return Ok(await db.DonorReceiptDtos(caller).SingleAsync(r => r.Number == number, ct));
    }

    private static string? Text(ODataActionParameters? parameters, string name) =>
        parameters is not null && parameters.TryGetValue(name, out var value) ? value as string : null;
}

public static class ReceiptProjections
{
    public static IQueryable<DonorReceiptDto> DonorReceiptDtos(this SupplyTrackerDbContext db, CallerContext caller)
    {
        return db.DonorReceipts.VisibleTo(db, caller)
            .Select(r => new DonorReceiptDto
            {
                Number = r.Number, DonationId = r.DonationId, Year = r.Year, Sequence = r.Sequence, Language = r.Language, Status = r.Status,
                IssuedAt = r.IssuedAt, IssuedBy = r.IssuedBy, ReplacesNumber = r.ReplacesNumber, ReplacedByNumber = r.ReplacedByNumber,
                VoidedAt = r.VoidedAt, VoidedBy = r.VoidedBy, VoidReason = r.VoidReason, VerificationCode = r.VerificationCode, Version = r.Version,
                MailStatus = db.OutboxMessages.Where(m => m.Reference == r.Number && m.Kind == MailKind.Receipt).OrderByDescending(m => m.Id)
                    .Select(m => (OutboxStatus?)m.Status).FirstOrDefault(),
                MailError = db.OutboxMessages.Where(m => m.Reference == r.Number && m.Kind == MailKind.Receipt).OrderByDescending(m => m.Id)
                    .Select(m => m.LastError).FirstOrDefault(),
                OutboxMessageId = db.OutboxMessages.Where(m => m.Reference == r.Number && m.Kind == MailKind.Receipt).OrderByDescending(m => m.Id)
                    .Select(m => (long?)m.Id).FirstOrDefault(),
            });
    }
}
