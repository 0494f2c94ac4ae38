using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Stock;

/// <summary>
/// The only way stock changes: each posting appends a movement and applies it to its balance in the same unit of
/// work, so no movement exists without its balance and no balance drifts from its movements. Each movement is also
/// chained to the previous one by hash (see <see cref="StockMovement.Chain"/>), so an edited row shows.
/// </summary>
public sealed class StockLedger(SupplyTrackerDbContext db, TimeProvider clock, CallerContext caller)
{
    public DateOnly Today => caller.Today;
    public DateTime Now => clock.GetUtcNow().UtcDateTime;
    public string User => caller.UserName;

    public async Task<StockMovement> PostAsync(int locationId, Lot lot, long quantity, StockStatus status, MovementKind kind,
        MovementReference referenceType, long referenceId, string? reasonCode, CancellationToken cancellationToken)
    {
        var balance = await BalanceAsync(locationId, lot, cancellationToken);
        var movement = new StockMovement(locationId, lot, quantity, status, kind, referenceType, referenceId, caller.UserName, Now, reasonCode);
        balance.Apply(movement);
        var (sequence, previousHash) = await ChainTailAsync(cancellationToken);
        movement.Chain(sequence + 1, previousHash);
        db.StockMovements.Add(movement);
        return movement;
    }

    // Commands run in a write transaction (BEGIN IMMEDIATE on SQLite, the advisory write lock on PostgreSQL), so the
    // tail read here cannot move under us, whichever app instance runs them;
    // the unique index on Sequence stops any writer that bypasses it.
    private async Task<(long Sequence, string Hash)> ChainTailAsync(CancellationToken cancellationToken)
    {
        var pending = db.TrackedEntries<StockMovement>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .MaxBy(m => m.Sequence);
        if (pending is not null)
            return (pending.Sequence, pending.Hash);
        var last = await db.StockMovements.AsNoTracking()
            .OrderByDescending(m => m.Sequence)
            .Select(m => new { m.Sequence, m.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        return last is null ? (0, StockMovement.GenesisHash) : (last.Sequence, last.Hash);
    }

    public async Task<StockBalance> BalanceAsync(int locationId, Lot lot, CancellationToken cancellationToken)
    {
        var balance = db.Tracked<StockBalance>().FirstOrDefault(b => b.LocationId == locationId && (ReferenceEquals(b.Lot, lot) || (lot.Id != 0 && b.LotId == lot.Id)));
        if (balance is null && lot.Id != 0)
            balance = await db.StockBalances.FirstOrDefaultAsync(b => b.LocationId == locationId && b.LotId == lot.Id, cancellationToken);
        if (balance is null)
        {
            balance = new StockBalance(locationId, lot);
            db.StockBalances.Add(balance);
        }
        return balance;
    }

    /// <summary>Tracks the balances of these lots at one location in one query, so that <see cref="BalanceAsync"/> finds
    /// them in the change tracker (a command posting several lines need not query each).</summary>
    public Task LoadBalancesAsync(int locationId, IReadOnlyCollection<int> lotIds, CancellationToken cancellationToken) =>
        db.StockBalances.Where(b => b.LocationId == locationId && lotIds.Contains(b.LotId)).LoadAsync(cancellationToken);

    /// <summary>Holds part of a balance for one request line: available goes down, on hand does not.</summary>
    public AllocationReservation Reserve(StockBalance balance, AllocationRequestLine line, long quantity)
    {
        balance.Reserve(quantity);
        var reservation = new AllocationReservation(line, balance, quantity, Now);
        db.AllocationReservations.Add(reservation);
        return reservation;
    }

    /// <summary>Gives a reservation's quantity back to its balance (cancelled request, or just before the stock is dispatched).</summary>
    public void Release(AllocationReservation reservation)
    {
        reservation.Balance.ReleaseReservation(reservation.Quantity);
        reservation.MarkReleased(Now);
    }

    /// <summary>A request's live reservations with their balances and lots, in the order they were made (FEFO).</summary>
    public Task<List<AllocationReservation>> LiveReservationsAsync(int requestId, CancellationToken cancellationToken) =>
        db.AllocationReservations
            .Include(r => r.Balance).ThenInclude(b => b.Lot)
            .Where(r => r.AllocationRequestId == requestId && r.ReleasedAt == null)
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);

    /// <summary>Usable balances of an item at a location, earliest expiry first (lots without expiry last).</summary>
    /// <param name="servingLocationId">Who the stock is for: stock its donors directed to another location is left out.</param>
    public Task<List<StockBalance>> UsableBalancesFefoAsync(int locationId, int itemId, CancellationToken cancellationToken, int? servingLocationId = null) =>
        db.StockBalances
            .Include(b => b.Lot)
            .Where(b => b.LocationId == locationId && b.ItemId == itemId && b.QuantityOnHand - b.QuantityReserved - b.QuantityQuarantined > 0)
            .Where(b => servingLocationId == null || b.Lot.DirectedToLocationId == null || b.Lot.DirectedToLocationId == servingLocationId)
            .OrderBy(b => b.Lot.ExpiresOn == null)
            .ThenBy(b => b.Lot.ExpiresOn)
            .ThenBy(b => b.LotId)
            .ToListAsync(cancellationToken);
}
