using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Recalls;

/// <summary>A station confirms it has set the recalled goods aside (a Station user for its own location only); its recall alert closes.</summary>
public sealed record ConfirmRecallSetAside(int RecallId, int LocationId) : ICommand<int>, IAtLocation;

public sealed class ConfirmRecallSetAsideHandler(SupplyTrackerDbContext db, StockLedger ledger) : ICommandHandler<ConfirmRecallSetAside, int>
{
    public async ValueTask<int> Handle(ConfirmRecallSetAside command, CancellationToken cancellationToken)
    {
        var recall = await db.Recalls.Include(r => r.Notices).FirstOrDefaultAsync(r => r.Id == command.RecallId, cancellationToken)
            ?? throw new NotFoundException(nameof(Recall), command.RecallId);
        recall.ConfirmSetAside(command.LocationId, ledger.User, ledger.Now);
        var alert = await db.Alerts.FirstOrDefaultAsync(a => a.Kind == AlertKind.RecallNotice && a.RecallId == recall.Id
            && a.LocationId == command.LocationId && a.DismissedAt == null, cancellationToken);
        alert?.Dismiss(ledger.User, ledger.Now);
        await db.SaveChangesAsync(cancellationToken);
        return recall.Version;
    }
}
