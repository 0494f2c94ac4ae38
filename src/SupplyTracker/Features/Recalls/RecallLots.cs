using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Mail;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Recalls;

/// <summary>
/// Recalls lots of one item from everywhere, in one transaction: live reservations of the lots are released (their
/// requests go back to awaiting allocation and are served from other lots), then every usable unit of the lots, at
/// every location, moves into quarantine (a Recalled pair: out of usable, into quarantined), so available stays on hand
/// − reserved − quarantined. Each station that ever received the lots gets a notice, an alert and a mail.
/// </summary>
public sealed record RecallLots(int ItemId, IReadOnlyList<string> LotNumbers, string? Reason, RecallSource Source) : ICommand<RecallRaised>;

public sealed record RecallRaised(int RecallId, IReadOnlyList<long> MovementIds, int ReservationsReleased, int StationsNotified);

public sealed class RecallLotsValidator : AbstractValidator<RecallLots>
{
    public RecallLotsValidator(SupplyTrackerDbContext db)
    {
        RuleFor(c => c.ItemId).Exists<RecallLots, Item>(db);
        RuleFor(c => c.LotNumbers).NotEmpty().WithCode(ErrorCodes.RecallNoLots);
        RuleFor(c => c.Reason).NotEmpty().WithCode(ErrorCodes.ReasonRequired).MaximumLength(Recall.ReasonMaxLength).WithCode(ErrorCodes.FieldTooLong, Recall.ReasonMaxLength);
        RuleFor(c => c.Source).IsInEnum().WithCode(ErrorCodes.RecallSource);
        RuleFor(c => c).CustomAsync(async (command, context, ct) =>
        {
            if (command.LotNumbers is null) return;
            for (var i = 0; i < command.LotNumbers.Count; i++)
            {
                var number = command.LotNumbers[i]?.Trim() ?? "";
                if (!await db.Lots.AnyAsync(l => l.ItemId == command.ItemId && l.LotNumber == number, ct))
                    context.AddFailure(ValidationRules.Failure($"LotNumbers[{i}]", ErrorCodes.RecallLotUnknown, number));
            }
        });
    }
}

public sealed class RecallLotsHandler(SupplyTrackerDbContext db, StockLedger ledger, Outbox outbox) : ICommandHandler<RecallLots, RecallRaised>
{
    public async ValueTask<RecallRaised> Handle(RecallLots command, CancellationToken cancellationToken)
    {
        var item = await db.Items.FirstAsync(i => i.Id == command.ItemId, cancellationToken);
        var numbers = command.LotNumbers.Select(n => n.Trim()).Distinct().ToList();
        var lots = await db.Lots.Where(l => l.ItemId == item.Id && numbers.Contains(l.LotNumber)).ToListAsync(cancellationToken);
        var recall = new Recall(item, lots, command.Reason, command.Source, ledger.User, ledger.Now);
        db.Recalls.Add(recall);
        await db.SaveChangesAsync(cancellationToken);

        var lotIds = lots.Select(l => l.Id).ToList();
        var reservations = await db.AllocationReservations.Include(r => r.Balance)
            .Where(r => lotIds.Contains(r.LotId) && r.ReleasedAt == null).ToListAsync(cancellationToken);
        var requests = await db.AllocationRequests.Include(r => r.Lines)
            .Where(r => reservations.Select(x => x.AllocationRequestId).Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        foreach (var reservation in reservations)
        {
            requests[reservation.AllocationRequestId].WithdrawRecalledAllocation(reservation.AllocationRequestLineId, reservation.Quantity);
            ledger.Release(reservation);
        }

        var movements = new List<StockMovement>();
        var balances = await db.StockBalances.Include(b => b.Lot).Where(b => lotIds.Contains(b.LotId)).ToListAsync(cancellationToken);
        foreach (var balance in balances)
        {
            var usable = balance.QuantityOnHand - balance.QuantityQuarantined;
            if (usable <= 0) continue;
            movements.Add(await Post(balance, -usable, StockStatus.Usable, recall, cancellationToken));
            movements.Add(await Post(balance, usable, StockStatus.Quarantined, recall, cancellationToken));
        }

        var stations = await db.Locations.Where(l => l.Kind != LocationKind.Warehouse).ToDictionaryAsync(l => l.Id, cancellationToken);
        var received = await db.StockMovements.Where(m => lotIds.Contains(m.LotId) && m.Quantity > 0)
            .Select(m => m.LocationId).Distinct().ToListAsync(cancellationToken);
        var held = balances.GroupBy(b => b.LocationId).ToDictionary(g => g.Key, g => g.Sum(b => b.QuantityOnHand));
        var notified = new List<RecallNotice>();
        foreach (var locationId in received.Where(stations.ContainsKey).Order())
            notified.Add(recall.Notify(locationId, held.GetValueOrDefault(locationId)));
        await db.SaveChangesAsync(cancellationToken);

        var lotList = string.Join(", ", numbers);
        foreach (var notice in notified)
        {
            db.Alerts.Add(new Alert(AlertKind.RecallNotice, AlertAudience.Station, notice.LocationId,
                Alert.KeyFor(AlertKind.RecallNotice, AlertAudience.Station, notice.LocationId, $"recall-{recall.Id}"), ledger.Now,
                itemId: item.Id, recallId: recall.Id));
            var addresses = await db.Users.Where(u => u.LocationId == notice.LocationId && u.Email != null && u.Email != "")
                .Select(u => u.Email!).ToListAsync(cancellationToken);
            foreach (var address in addresses)
                outbox.QueueToStaff(address, MailKind.RecallNotice, $"RECALL-{recall.Id}",
                    RecallMail.Notice(recall, item, lotList, stations[notice.LocationId], notice.QuantityHeldAtRecall));
        }
        await db.SaveChangesAsync(cancellationToken);
        return new RecallRaised(recall.Id, [.. movements.Select(m => m.Id)], reservations.Count, notified.Count);
    }

    private Task<StockMovement> Post(StockBalance balance, long quantity, StockStatus status, Recall recall, CancellationToken ct) =>
        ledger.PostAsync(balance.LocationId, balance.Lot, quantity, status, MovementKind.Recalled, MovementReference.Recall, recall.Id,
            QuarantineReason.Recalled.ToString(), ct);
}
