using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Disclosure;
using SupplyTracker.Features.Public;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Audit;

/// <summary>
/// Walks the stock ledger in sequence order and recomputes every link of its hash chain, then checks every balance
/// against the sum of its movements: the chain alone cannot tell that its newest rows were cut off, the balances can.
/// Then checks that the kept public figures (<see cref="LedgerFigures"/>) equal the ledger folded anew, and the public
/// disclosure log (<see cref="VerifyDisclosureLog"/>).
/// </summary>
public sealed record VerifyLedger : IQuery<LedgerVerification>;

/// <param name="Problem">What broke, in English (the CLI and the API).</param>
/// <param name="Cause">The same as a code with arguments, for a page to say in the reader's language.</param>
public sealed record LedgerVerification(bool Ok, long MovementsChecked, long? BrokenMovementId, long? BrokenSequence, string? Problem,
    long LogEntriesChecked = 0, long TreeHeadsChecked = 0, CodedError? Cause = null)
{
    public string Summary => Ok ? "ok"
        : BrokenMovementId is null ? $"broken: {Problem}"
        : $"broken at movement {BrokenMovementId} (sequence {BrokenSequence}): {Problem}";
}

public sealed class VerifyLedgerHandler(SupplyTrackerDbContext db, LedgerFigures figures) : IQueryHandler<VerifyLedger, LedgerVerification>
{
    public async ValueTask<LedgerVerification> Handle(VerifyLedger query, CancellationToken cancellationToken)
    {
        var previousHash = StockMovement.GenesisHash;
        var expected = 1L;
        var movements = db.StockMovements.AsNoTracking().Include(m => m.Lot).OrderBy(m => m.Sequence).AsAsyncEnumerable();
        await foreach (var movement in movements.WithCancellation(cancellationToken))
        {
            if (movement.Sequence != expected)
                return Broken(movement, expected - 1, $"expected sequence {expected}: a movement is missing or renumbered.",
                    Coded(ErrorCodes.LedgerSequenceGap, movement.Id, movement.Sequence, expected));
            if (!string.Equals(movement.ComputeHash(previousHash), movement.Hash, StringComparison.Ordinal))
                return Broken(movement, expected - 1, "its hash does not match its content and the previous link.",
                    Coded(ErrorCodes.LedgerHashMismatch, movement.Id, movement.Sequence));
            previousHash = movement.Hash;
            expected++;
        }
        var checkedCount = expected - 1;

        var sums = await db.StockMovements.AsNoTracking()
            .GroupBy(m => new { m.LocationId, m.LotId })
            .Select(g => new
            {
                g.Key.LocationId, g.Key.LotId,
                OnHand = g.Sum(m => m.Quantity),
                Quarantined = g.Sum(m => m.Status == StockStatus.Quarantined ? m.Quantity : 0),
            })
            .ToDictionaryAsync(x => (x.LocationId, x.LotId), cancellationToken);
        var balances = await db.StockBalances.AsNoTracking()
            .Select(b => new { b.LocationId, b.LotId, b.QuantityOnHand, b.QuantityQuarantined })
            .ToListAsync(cancellationToken);
        foreach (var balance in balances.OrderBy(b => b.LocationId).ThenBy(b => b.LotId))
        {
            var sum = sums.GetValueOrDefault((balance.LocationId, balance.LotId));
            var (onHand, quarantined) = sum is null ? (0L, 0L) : (sum.OnHand, sum.Quarantined);
            sums.Remove((balance.LocationId, balance.LotId));
            if (onHand != balance.QuantityOnHand || quarantined != balance.QuantityQuarantined)
            {
                var (lot, location) = await NamesAsync(balance.LotId, balance.LocationId, cancellationToken);
                return new LedgerVerification(false, checkedCount, null, null,
                    $"the balance of lot {balance.LotId} at location {balance.LocationId} is {balance.QuantityOnHand} on hand ({balance.QuantityQuarantined} quarantined) " +
                    $"but its movements add up to {onHand} ({quarantined}): movements are missing or the balance was edited.",
                    Cause: Coded(ErrorCodes.LedgerBalanceMismatch, lot, location, balance.QuantityOnHand, balance.QuantityQuarantined, onHand, quarantined));
            }
        }
        if (sums.Values.FirstOrDefault(s => s.OnHand != 0 || s.Quarantined != 0) is { } orphan)
        {
            var (lot, location) = await NamesAsync(orphan.LotId, orphan.LocationId, cancellationToken);
            return new LedgerVerification(false, checkedCount, null, null,
                $"lot {orphan.LotId} at location {orphan.LocationId} has movements adding up to {orphan.OnHand} but no balance.",
                Cause: Coded(ErrorCodes.LedgerBalanceMissing, lot, location, orphan.OnHand));
        }
        // The public figures are a fold of the ledger kept between requests: it must equal the ledger folded anew.
        var (folded, figuresProblem) = await figures.CheckAsync(cancellationToken);
        if (figuresProblem is not null)
            return new LedgerVerification(false, checkedCount, null, null,
                $"the public figures kept up to sequence {folded} are not those of the ledger folded anew: {figuresProblem}.",
                Cause: Coded(ErrorCodes.LedgerFiguresMismatch, folded, figuresProblem));
        var log = await VerifyDisclosureLog.RunAsync(db, cancellationToken);
        return new LedgerVerification(log.Ok, checkedCount, null, null, log.Problem, log.EntriesChecked, log.TreeHeadsChecked,
            log.Ok ? null : log.Cause ?? Coded(ErrorCodes.LedgerLogBroken, log.Problem));
    }

    private static LedgerVerification Broken(StockMovement movement, long checkedBefore, string problem, CodedError cause) =>
        new(false, checkedBefore, movement.Id, movement.Sequence, problem, Cause: cause);

    private static CodedError Coded(ErrorCode code, params object?[] values) => new("", code, code.Bind("", values));

    // People name a lot by its number and a place by its name, not by row ids.
    private async Task<(string Lot, string Location)> NamesAsync(int lotId, int locationId, CancellationToken cancellationToken)
    {
        var lot = await db.Lots.AsNoTracking().Where(l => l.Id == lotId).Select(l => l.LotNumber).FirstOrDefaultAsync(cancellationToken);
        var location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == locationId, cancellationToken);
        return ($"{lot ?? lotId.ToString(System.Globalization.CultureInfo.InvariantCulture)} (#{lotId})",
            location is null ? $"#{locationId}" : $"{location.DisplayName()} (#{locationId})");
    }
}
