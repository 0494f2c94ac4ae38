using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Audit;

/// <summary>Walks the stock ledger in sequence order and recomputes every link of its hash chain.</summary>
public sealed record VerifyLedger : IQuery<LedgerVerification>;

public sealed record LedgerVerification(bool Ok, long MovementsChecked, long? BrokenMovementId, long? BrokenSequence, string? Problem)
{
    public string Summary => Ok ? "ok" : $"broken at movement {BrokenMovementId} (sequence {BrokenSequence}): {Problem}";
}

public sealed class VerifyLedgerHandler(SupplyTrackerDbContext db) : IQueryHandler<VerifyLedger, LedgerVerification>
{
    public async ValueTask<LedgerVerification> Handle(VerifyLedger query, CancellationToken cancellationToken)
    {
        var previousHash = StockMovement.GenesisHash;
        var expected = 1L;
        var movements = db.StockMovements.AsNoTracking().Include(m => m.Lot).OrderBy(m => m.Sequence).AsAsyncEnumerable();
        await foreach (var movement in movements.WithCancellation(cancellationToken))
        {
            if (movement.Sequence != expected)
                return Broken(movement, expected - 1, $"expected sequence {expected}: a movement is missing or renumbered.");
            if (!string.Equals(movement.ComputeHash(previousHash), movement.Hash, StringComparison.Ordinal))
                return Broken(movement, expected - 1, "its hash does not match its content and the previous link.");
            previousHash = movement.Hash;
            expected++;
        }
        return new LedgerVerification(true, expected - 1, null, null, null);
    }

    private static LedgerVerification Broken(StockMovement movement, long checkedBefore, string problem) =>
        new(false, checkedBefore, movement.Id, movement.Sequence, problem);
}
