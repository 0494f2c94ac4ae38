using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Mail;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Mail;

namespace SupplyTracker.Api;

/// <summary>Mail to donors and its delivery status: read-only, plus resend and correct-the-address actions.</summary>
[Authorize(Policy = Policies.Outbox)]
public sealed class OutboxMessagesController(SupplyTrackerDbContext db, IMediator mediator, IOptions<MailOptions> mail) : ApiController(mediator)
{
    [ApiQuery]
    public IQueryable<OutboxMessageDto> Get() => db.OutboxMessageDtos();

    [ApiQuery]
    public async Task<ActionResult<SingleResult<OutboxMessageDto>>> Get([FromODataUri] long key, CancellationToken ct)
    {
        return WithETag(db.OutboxMessageDtos().Where(m => m.Id == key), await db.OutboxMessages.Where(m => m.Id == key).Select(m => (int?)m.Version).FirstOrDefaultAsync(ct));
    }

    /// <summary>GET /odata/OutboxMessages/MailStatus(): whether an SMTP server is configured, and the outbox by status.</summary>
    [HttpGet]
    public async Task<OutboxSummaryDto> MailStatus(CancellationToken ct)
    {
        var counts = await db.OutboxMessages.GroupBy(m => m.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(OutboxStatus status) => counts.FirstOrDefault(c => c.Status == status)?.Count ?? 0;
        return new OutboxSummaryDto
        {
            MailConfigured = mail.Value.IsConfigured, From = mail.Value.From,
            Queued = Count(OutboxStatus.Queued), Sending = Count(OutboxStatus.Sending), Sent = Count(OutboxStatus.Sent), Failed = Count(OutboxStatus.Failed),
        };
    }

    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> Resend([FromODataUri] long key, CancellationToken ct)
    {
        await Mediator.Send(new ResendMail(key), ct);
        return await Current(key, ct);
    }

    [HttpPost]
    [Authorize(Policy = Policies.Warehouse)]
    public async Task<IActionResult> CorrectAddressAndResend([FromODataUri] long key, ODataActionParameters parameters, CancellationToken ct)
    {
        var email = parameters is not null && parameters.TryGetValue("email", out var value) ? value as string : null;
        await Mediator.Send(new CorrectAddressAndResend(key, email ?? ""), ct);
        return await Current(key, ct);
    }

    private async Task<IActionResult> Current(long key, CancellationToken ct)
    {
        var message = await db.OutboxMessageDtos().SingleAsync(m => m.Id == key, ct);
        ETags.Write(Request, message.Version);
        return Ok(message);
    }
}
