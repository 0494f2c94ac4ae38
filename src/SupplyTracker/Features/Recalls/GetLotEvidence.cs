using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Recalls;

/// <summary>A lot's papers as recorded: what logistics see before correcting them. Null when the item has no lot of that number.</summary>
public sealed record GetLotEvidence(int ItemId, string? LotNumber) : IQuery<LotEvidenceView?>;

public sealed record LotEvidenceView(int LotId, int ItemId, string LotNumber, DateOnly? ExpiresOn, LotEvidence Evidence);

public sealed class GetLotEvidenceHandler(SupplyTrackerDbContext db) : IQueryHandler<GetLotEvidence, LotEvidenceView?>
{
    public async ValueTask<LotEvidenceView?> Handle(GetLotEvidence query, CancellationToken cancellationToken)
    {
        var number = query.LotNumber?.Trim() ?? Lot.Unlotted;
        // The undirected part first; every part carries the same papers (SetLotEvidence writes them all).
        var lot = await db.Lots.AsNoTracking().Where(l => l.ItemId == query.ItemId && l.LotNumber == number)
            .OrderBy(l => l.DirectedToLocationId != null).ThenBy(l => l.Id).FirstOrDefaultAsync(cancellationToken);
        return lot is null ? null : new LotEvidenceView(lot.Id, lot.ItemId, lot.LotNumber, lot.ExpiresOn,
            new LotEvidence(lot.Manufacturer, lot.RegistrationNumber, lot.StandardClaimed, lot.TestReportReference));
    }
}
