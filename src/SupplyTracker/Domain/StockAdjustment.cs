namespace SupplyTracker.Domain;

public enum AdjustmentReason { CountCorrection, Damaged, Lost, Found, Expired }

/// <summary>A counted or observed change of stock that no other workflow explains.</summary>
public sealed class StockAdjustment
{
    private StockAdjustment() { }

    public StockAdjustment(int locationId, Lot lot, long quantity, AdjustmentReason reason, string? note, string recordedBy, DateTime recordedAt)
    {
        if (quantity == 0 || Math.Abs(quantity) > Domain.Quantity.Max)
            throw new DomainValidationException(nameof(quantity), ErrorCodes.StockAdjustmentSize, Domain.Quantity.Max);
        var expectedSign = reason switch
        {
            AdjustmentReason.Found => 1,
            AdjustmentReason.CountCorrection => 0,
            _ => -1,
        };
        if (expectedSign != 0 && Math.Sign(quantity) != expectedSign)
            throw new DomainValidationException(nameof(quantity),
                expectedSign > 0 ? ErrorCodes.StockAdjustmentAdds : ErrorCodes.StockAdjustmentRemoves, reason);
        LocationId = locationId;
        Lot = lot;
        ItemId = lot.ItemId;
        Quantity = quantity;
        Reason = reason;
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        RecordedBy = recordedBy;
        RecordedAt = DateTime.SpecifyKind(recordedAt, DateTimeKind.Utc);
    }

    public int Id { get; private set; }
    public int LocationId { get; private set; }
    public int ItemId { get; private set; }
    public int LotId { get; private set; }
    public Lot Lot { get; private set; } = null!;
    public long Quantity { get; private set; }
    public AdjustmentReason Reason { get; private set; }
    public string? Note { get; private set; }
    public string RecordedBy { get; private set; } = "";
    public DateTime RecordedAt { get; private set; }

    public MovementKind MovementKind => Reason == AdjustmentReason.Expired ? MovementKind.ExpiredWriteOff : MovementKind.Adjustment;
}
