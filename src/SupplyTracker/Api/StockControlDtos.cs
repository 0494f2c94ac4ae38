using SupplyTracker.Domain;

namespace SupplyTracker.Api;

/// <summary>A stock count; its lines' book, expected and variance are null while the count is open (counting is blind).</summary>
public sealed class StockCountDto
{
    public int Id { get; set; }
    public int LocationId { get; set; }
    public StockCountStatus Status { get; set; }
    public string? Note { get; set; }
    /// <summary>Only on POST: the items to count (all on hand at the location when empty).</summary>
    public IList<int>? ItemIds { get; set; }
    public string StartedBy { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTime? ApprovedAt { get; set; }
    public int Version { get; set; }
    public IList<StockCountLineDto> Lines { get; set; } = [];
}

public sealed class StockCountLineDto
{
    public int Id { get; set; }
    public int ItemId { get; set; }
    public string ItemCode { get; set; } = "";
    public string LotNumber { get; set; } = "";
    public DateOnly? ExpiresOn { get; set; }
    public long? CountedQuantity { get; set; }
    public long? BookAtStart { get; set; }
    public long? MovedDuringCount { get; set; }
    public long? Expected { get; set; }
    public long? Variance { get; set; }
}

public sealed class CountEntryDto
{
    public int LineId { get; set; }
    public decimal CountedQuantity { get; set; }
}

public sealed class ExpiredWriteOffDto
{
    public int AdjustmentId { get; set; }
    public int ItemId { get; set; }
    public string ItemCode { get; set; } = "";
    public string LotNumber { get; set; } = "";
    public DateOnly ExpiresOn { get; set; }
    public long Quantity { get; set; }
}
