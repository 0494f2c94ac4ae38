namespace SupplyTracker.Domain;

public enum AdjustmentReason { CountCorrection, Damaged, Lost, Found, Expired }

/// <summary>Posted at once, or (stock a station adds above the threshold) pending until logistics approves or rejects it.</summary>
public enum AdjustmentStatus { Posted, Pending, Rejected }

/// <summary>A counted or observed change of stock that no other workflow explains.</summary>
public sealed class StockAdjustment
{
    private StockAdjustment() { }

    public StockAdjustment(int locationId, Lot lot, long quantity, AdjustmentReason reason, string? note, string recordedBy, DateTime recordedAt,
        bool awaitsApproval = false)
    {
        if (awaitsApproval && quantity < 0)
            throw new InvalidOperationException("Only an adjustment that adds stock waits for approval.");
        Status = awaitsApproval ? AdjustmentStatus.Pending : AdjustmentStatus.Posted;
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

    public AdjustmentStatus Status { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public string? DecisionNote { get; private set; }
    public int Version { get; private set; }

    /// <summary>Logistics lets a pending adjustment post; whoever recorded it cannot approve it.</summary>
    public void Approve(string decidedBy, DateTime decidedAt) => Decide(AdjustmentStatus.Posted, decidedBy, decidedAt, null);

    public void Reject(string decidedBy, DateTime decidedAt, string reason) =>
        Decide(AdjustmentStatus.Rejected, decidedBy, decidedAt, Item.Require(reason, nameof(reason), 1000));

    private void Decide(AdjustmentStatus outcome, string decidedBy, DateTime decidedAt, string? note)
    {
        if (Status != AdjustmentStatus.Pending)
            throw new DomainRuleException("id", ErrorCodes.AdjustmentNotPending, Id, Status);
        if (string.Equals(decidedBy, RecordedBy, StringComparison.OrdinalIgnoreCase))
            throw new DomainRuleException("id", ErrorCodes.AdjustmentOwnDecision, Id, RecordedBy);
        Status = outcome;
        DecidedBy = decidedBy;
        DecidedAt = DateTime.SpecifyKind(decidedAt, DateTimeKind.Utc);
        DecisionNote = note;
        Version++;
    }

    public MovementKind MovementKind => Reason == AdjustmentReason.Expired ? MovementKind.ExpiredWriteOff : MovementKind.Adjustment;
}
