namespace SupplyTracker.Domain;

/// <summary>
/// The part of one lot's balance held for one request line. Cancel and Dispatch release exactly these rows, so a
/// balance's reserved quantity always equals the sum of its live reservations.
/// </summary>
public sealed class AllocationReservation
{
    private AllocationReservation() { }

    public AllocationReservation(AllocationRequestLine line, StockBalance balance, long quantity, DateTime reservedAt)
    {
        RequestLine = line;
        AllocationRequestLineId = line.Id;
        AllocationRequestId = line.AllocationRequestId;
        Balance = balance;
        StockBalanceId = balance.Id;
        LocationId = balance.LocationId;
        ItemId = balance.ItemId;
        LotId = balance.LotId;
        Quantity = Domain.Quantity.Ensure(quantity);
        ReservedAt = DateTime.SpecifyKind(reservedAt, DateTimeKind.Utc);
    }

    public long Id { get; private set; }
    public int AllocationRequestId { get; private set; }
    public int AllocationRequestLineId { get; private set; }
    public AllocationRequestLine RequestLine { get; private set; } = null!;
    public long StockBalanceId { get; private set; }
    public StockBalance Balance { get; private set; } = null!;
    public int LocationId { get; private set; }
    public int ItemId { get; private set; }
    public int LotId { get; private set; }
    public long Quantity { get; private set; }
    public DateTime ReservedAt { get; private set; }
    public DateTime? ReleasedAt { get; private set; }
    public bool IsLive => ReleasedAt is null;

    public void MarkReleased(DateTime at)
    {
        if (!IsLive) throw new DomainRuleException("reservation", ErrorCodes.ReservationReleased, Id);
        ReleasedAt = DateTime.SpecifyKind(at, DateTimeKind.Utc);
    }
}
