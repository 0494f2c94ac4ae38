using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Public;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Mail;

/// <summary>
/// Queues the "where it went" follow-up for one donation: the stations (not warehouses) that received goods of its lots
/// by transfer or confirmed delivery (first arrivals; moves between stations and returns are listed as such), per day and item. Sent on request by logistics, not on every delivery, so a donor
/// gets one summary rather than a mail per shipment. Only lots that this donor alone gave are traced: a lot mixed with
/// other donors' goods cannot say whose reached which station.
/// </summary>
public sealed record QueueWhereItWent(int DonationId) : ICommand<long>;

public sealed class QueueWhereItWentHandler(SupplyTrackerDbContext db, CallerContext caller, Outbox outbox, DonorTrace tracer,
    Microsoft.Extensions.Options.IOptions<SupplyTracker.Documents.DocumentOptions> documents) : ICommandHandler<QueueWhereItWent, long>
{
    public async ValueTask<long> Handle(QueueWhereItWent command, CancellationToken cancellationToken)
    {
        var donation = await db.Donations.VisibleTo(caller).AsSplitQuery().Include(d => d.Donor).Include(d => d.Lines).ThenInclude(l => l.Item)
            .FirstOrDefaultAsync(d => d.Id == command.DonationId, cancellationToken)
            ?? throw new NotFoundException(nameof(Donation), command.DonationId);
        var donor = donation.Donor;
        if (string.IsNullOrWhiteSpace(donor.Email))
            throw new DomainRuleException("email", ErrorCodes.MailNoEmail, donor.Name);
        if (!donor.WantsFollowUp)
            throw new DomainRuleException("wantsFollowUp", ErrorCodes.MailOptedOut, donor.Name);
        var pending = await db.OutboxMessages.AnyAsync(m => m.DonationId == donation.Id && m.Kind == MailKind.WhereItWent
            && (m.Status == OutboxStatus.Queued || m.Status == OutboxStatus.Sending), cancellationToken);
        if (pending)
            throw new DomainRuleException("donationId", ErrorCodes.MailFollowUpWaiting, donation.Id);

        var trace = await TraceAsync(donation, cancellationToken);
        if (!trace.Any(t => t.Kind == ArrivalKind.Delivered && t.Quantity > 0))
            throw new DomainRuleException("donationId", ErrorCodes.MailNothingDelivered, donation.Id);
        // The donor's statement link, coded like a receipt's verification link; the statement itself obeys the donor's consent.
        var key = await Receipts.ReceiptDrafting.KeyAsync(db, caller.Now.UtcDateTime, cancellationToken);
        var statementUrl = documents.Value.PublicBaseUrl.TrimEnd('/') + DonorStatementCode.Path(donor.Id, DonorStatementCode.Sign(key, donor.Id));
        var message = await outbox.QueueAsync(donor, MailKind.WhereItWent, donation.Id, donation.Reference,
            WhereItWentMail.Compose(donor, donation, trace, statementUrl, await DirectedAsync(donation, cancellationToken)), cancellationToken);
        return message!.Id;
    }

    /// <summary>The lines the donor directed to a location (定向捐贈): item and where, in the mail's three languages.</summary>
    private async Task<List<DirectedLine>> DirectedAsync(Donation donation, CancellationToken cancellationToken)
    {
        var directed = donation.Lines.Where(l => l.Disposition == LineDisposition.Accepted)
            .Select(l => (l.Item, To: l.DirectedToLocationId ?? donation.DirectedToLocationId)).Where(x => x.To != null).ToList();
        if (directed.Count == 0) return [];
        var ids = directed.Select(d => d.To!.Value).Distinct().ToList();
        var places = await db.Locations.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        return [.. directed.DistinctBy(d => (d.Item.Id, d.To)).Where(d => places.ContainsKey(d.To!.Value)).Select(d =>
        {
            var place = places[d.To!.Value];
            return new DirectedLine(d.Item.NameZhHant, d.Item.NameZhHans, d.Item.NameEn, place.Name, place.NameZhHans, place.NameEn);
        })];
    }

    private async Task<List<TraceLine>> TraceAsync(Donation donation, CancellationToken cancellationToken)
    {
        // The one rule for where a donor's goods went (Features/Public/DonorTrace), as on the verification page.
        var lots = donation.Lines.Where(l => l.LotId != null).Select(l => l.LotId!.Value).ToList();
        var trace = await tracer.TraceAsync(donation.DonorId, lots, cancellationToken);
        return [.. trace.Stops.Select(t => new TraceLine(t.On, t.To.Name, t.To.NameZhHans, t.To.NameEn,
            t.Item.NameZhHant, t.Item.NameZhHans, t.Item.NameEn, t.Item.BaseUnit, t.Quantity)
        {
            Kind = t.Kind, FromZhHant = t.From.Name, FromZhHans = t.From.NameZhHans, FromEn = t.From.NameEn,
        })];
    }
}
