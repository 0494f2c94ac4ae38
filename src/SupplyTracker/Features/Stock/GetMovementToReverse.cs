using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

/// <summary>What the reversal page confirms: the movement, the leg reversed with it, and whether it was already reversed.</summary>
public sealed record GetMovementToReverse(long MovementId) : IQuery<MovementToReverse>;

public sealed record MovementToReverse(MovementRow Movement, IReadOnlyList<MovementRow> Legs, long? ReversedBy, bool IsReversible);

public sealed class GetMovementToReverseHandler(SupplyTrackerDbContext db, CallerContext caller) : IQueryHandler<GetMovementToReverse, MovementToReverse>
{
    public async ValueTask<MovementToReverse> Handle(GetMovementToReverse query, CancellationToken cancellationToken)
    {
        var station = caller.StationLocationId;
        var movement = await db.StockMovements.AsNoTracking().Include(m => m.Lot)
            .FirstOrDefaultAsync(m => m.Id == query.MovementId && (station == null || m.LocationId == station), cancellationToken)
            ?? throw new NotFoundException(nameof(StockMovement), query.MovementId);
        var legs = movement.HasPartnerLeg
            ? await db.StockMovements.AsNoTracking().Include(m => m.Lot)
                .Where(m => m.ReferenceType == movement.ReferenceType && m.ReferenceId == movement.ReferenceId && m.Id != movement.Id).ToListAsync(cancellationToken)
            : [];
        var ids = legs.Select(l => l.Id).Append(movement.Id).ToList();
        var reversedBy = await db.StockMovements.AsNoTracking()
            .Where(m => m.Kind == MovementKind.Reversal && m.ReferenceType == MovementReference.StockMovement && ids.Contains(m.ReferenceId))
            .Select(m => (long?)m.Id).FirstOrDefaultAsync(cancellationToken);
        return new MovementToReverse(Row(movement), [.. legs.Select(Row)], reversedBy, movement.IsReversible);
    }

    private static MovementRow Row(StockMovement m) => new(m.Id, m.RecordedAt, m.Kind, m.LocationId, m.ItemId, m.Lot.LotNumber, m.Quantity, m.Status,
        m.ReasonCode, m.ReferenceType, m.ReferenceId, m.RecordedBy);
}
