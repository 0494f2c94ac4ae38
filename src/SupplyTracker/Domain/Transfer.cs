namespace SupplyTracker.Domain;

public sealed class Transfer
{
    private Transfer() { }

    public Transfer(int fromLocationId, int toLocationId, Lot lot, long quantity, string? note, string recordedBy, DateTime recordedAt,
        string? overrideReason = null)
    {
        OverrideReason = overrideReason;
        if (fromLocationId == toLocationId)
            throw new DomainValidationException("toLocationId", ErrorCodes.TransferSameLocation);
        FromLocationId = fromLocationId;
        ToLocationId = toLocationId;
        Lot = lot;
        ItemId = lot.ItemId;
        Quantity = Domain.Quantity.Ensure(quantity);
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        RecordedBy = recordedBy;
        RecordedAt = DateTime.SpecifyKind(recordedAt, DateTimeKind.Utc);
    }

    public int Id { get; private set; }
    public int FromLocationId { get; private set; }
    public int ToLocationId { get; private set; }
    public int ItemId { get; private set; }
    public int LotId { get; private set; }
    public Lot Lot { get; private set; } = null!;
    public long Quantity { get; private set; }
    public string? Note { get; private set; }
    /// <summary>Why an administrator sent directed stock somewhere other than where its donor directed it; null for an ordinary transfer.</summary>
    public string? OverrideReason { get; private set; }
    public string RecordedBy { get; private set; } = "";
    public DateTime RecordedAt { get; private set; }
}
