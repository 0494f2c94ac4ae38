namespace SupplyTracker.Domain;

/// <summary>
/// Stock of one lot at one location. Changed only by applying movements (and, later, reservations), so it always
/// equals the sum of its movements. Quarantined stock is on hand but not available.
/// </summary>
public sealed class StockBalance
{
    private StockBalance() { }

    public StockBalance(int locationId, Lot lot)
    {
        LocationId = locationId;
        Lot = lot;
        ItemId = lot.ItemId;
    }

    public long Id { get; private set; }
    public int LocationId { get; private set; }
    public int ItemId { get; private set; }
    public int LotId { get; private set; }
    public Lot Lot { get; private set; } = null!;
    public long QuantityOnHand { get; private set; }
    public long QuantityReserved { get; private set; }
    public long QuantityQuarantined { get; private set; }
    public long QuantityAvailable => QuantityOnHand - QuantityReserved - QuantityQuarantined;
    public int Version { get; private set; }

    public void Apply(StockMovement movement)
    {
        var sameLot = ReferenceEquals(movement.Lot, Lot) || (LotId != 0 && movement.LotId == LotId);
        if (movement.LocationId != LocationId || !sameLot)
            throw new InvalidOperationException("A movement can only be applied to the balance of its own location and lot.");

        if (movement.Status == StockStatus.Quarantined)
        {
            if (QuantityQuarantined + movement.Quantity < 0)
                throw new DomainRuleException("quantity", ErrorCodes.StockInsufficientQuarantined, QuantityQuarantined, -movement.Quantity);
            QuantityQuarantined += movement.Quantity;
        }
        else if (movement.Quantity < 0 && QuantityAvailable + movement.Quantity < 0)
        {
            throw new DomainRuleException("quantity", ErrorCodes.StockInsufficient, QuantityAvailable, -movement.Quantity);
        }
        QuantityOnHand += movement.Quantity;
        Version++;
    }

    public void Reserve(long quantity)
    {
        Quantity.Ensure(quantity);
        if (quantity > QuantityAvailable)
            throw new DomainRuleException("quantity", ErrorCodes.StockInsufficientToReserve, QuantityAvailable, quantity);
        QuantityReserved += quantity;
        Version++;
    }

    public void ReleaseReservation(long quantity)
    {
        Quantity.Ensure(quantity);
        if (quantity > QuantityReserved)
            throw new DomainRuleException("quantity", ErrorCodes.StockInsufficientReserved, QuantityReserved, quantity);
        QuantityReserved -= quantity;
        Version++;
    }
}
