using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Mail;

/// <summary>
/// Queues the "where it went" follow-up for one donation: the stations (not warehouses) that received goods of its lots
/// by transfer or confirmed delivery, per day and item. Sent on request by logistics, not on every delivery, so a donor
/// gets one summary rather than a mail per shipment. Only lots that this donor alone gave are traced: a lot mixed with
/// other donors' goods cannot say whose reached which station.
/// </summary>
public sealed record QueueWhereItWent(int DonationId) : ICommand<long>;

public sealed class QueueWhereItWentHandler(SupplyTrackerDbContext db, CallerContext caller, Outbox outbox) : ICommandHandler<QueueWhereItWent, long>
{
    public async ValueTask<long> Handle(QueueWhereItWent command, CancellationToken cancellationToken)
    {
        var donation = await db.Donations.VisibleTo(caller).Include(d => d.Donor).Include(d => d.Lines)
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
        if (trace.Count == 0)
            throw new DomainRuleException("donationId", ErrorCodes.MailNothingDelivered, donation.Id);
        var message = await outbox.QueueAsync(donor, MailKind.WhereItWent, donation.Id, donation.Reference,
            WhereItWentMail.Compose(donor, donation, trace), cancellationToken);
        return message!.Id;
    }

    private async Task<List<TraceLine>> TraceAsync(Donation donation, CancellationToken cancellationToken)
    {
        var lots = donation.Lines.Where(l => l.LotId != null).Select(l => l.LotId!.Value).Distinct().ToList();
        var shared = await db.DonationLines
            .Where(l => l.LotId != null && lots.Contains(l.LotId.Value) && l.Donation.DonorId != donation.DonorId)
            .Select(l => l.LotId!.Value).Distinct().ToListAsync(cancellationToken);
        var traceable = lots.Except(shared).ToList();

        var arrivals = await (
            from m in db.StockMovements
            where traceable.Contains(m.LotId) && (m.Kind == MovementKind.TransferIn || m.Kind == MovementKind.DeliveryAccepted)
            join l in db.Locations on m.LocationId equals l.Id
            where l.Kind != LocationKind.Warehouse
            join i in db.Items on m.ItemId equals i.Id
            select new { m.RecordedAt, m.Quantity, l.Id, l.Name, l.NameZhHans, l.NameEn, ItemId = i.Id, i.NameZhHant, ItemZhHans = i.NameZhHans, ItemEn = i.NameEn, i.BaseUnit })
            .ToListAsync(cancellationToken);

        return arrivals
            .GroupBy(a => (On: DateOnly.FromDateTime(a.RecordedAt), a.Id, a.ItemId))
            .Select(g =>
            {
                var a = g.First();
                return new TraceLine(g.Key.On, a.Name, a.NameZhHans, a.NameEn, a.NameZhHant, a.ItemZhHans, a.ItemEn, a.BaseUnit, g.Sum(x => x.Quantity));
            })
            .OrderBy(t => t.On).ThenBy(t => t.StationEn, StringComparer.Ordinal).ThenBy(t => t.ItemEn, StringComparer.Ordinal)
            .ToList();
    }
}
