using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Alerts;

/// <summary>Dismisses an alert for everyone it was for; it stays dismissed (the rules never raise its key again).</summary>
public sealed record DismissAlert(long AlertId) : ICommand<int>;

public sealed class DismissAlertHandler(SupplyTrackerDbContext db, StockLedger ledger, CallerContext scope) : ICommandHandler<DismissAlert, int>
{
    public async ValueTask<int> Handle(DismissAlert command, CancellationToken cancellationToken)
    {
        var alert = await db.Alerts.VisibleTo(scope).FirstOrDefaultAsync(a => a.Id == command.AlertId, cancellationToken)
            ?? throw new NotFoundException(nameof(Alert), command.AlertId);
        if (scope.StationLocationId is null && alert.Audience == AlertAudience.Station)
            throw new DomainRuleException("alert", ErrorCodes.AlertStationOnly, alert.Id);
        alert.Dismiss(ledger.User, ledger.Now);
        await db.SaveChangesAsync(cancellationToken);
        return alert.Version;
    }
}
