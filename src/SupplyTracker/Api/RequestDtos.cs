using System.ComponentModel.DataAnnotations;
using Microsoft.OData.ModelBuilder;
using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;

namespace SupplyTracker.Api;

public sealed class AllocationRequestDto
{
    public int Id { get; set; }
    /// <summary>RQ-yyyy-nnnnnn, assigned when the request is created.</summary>
    [Editable(false)] public string Number { get; set; } = "";
    public int RequestingLocationId { get; set; }
    /// <summary>0 on POST means the only warehouse.</summary>
    public int SourceLocationId { get; set; }
    public RequestPriority Priority { get; set; } = RequestPriority.Normal;
    public string? Justification { get; set; }
    public DateOnly NeededBy { get; set; }
    public RequestStatus Status { get; set; }
    /// <summary>Why it was rejected or cancelled.</summary>
    public string? StatusReason { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    [ConcurrencyCheck] public int Version { get; set; }
    [Contained] public IList<AllocationRequestLineDto> Lines { get; set; } = [];
}

public sealed class AllocationRequestLineDto
{
    public int Id { get; set; }
    public int LineNumber { get; set; }
    public int ItemId { get; set; }
    public decimal QuantityRequested { get; set; }
    /// <summary>The pack the station counted in: on POST give it with <c>packCount</c> (then <c>quantityRequested</c> is left out); stored in base units exactly.</summary>
    public int? PackId { get; set; }
    /// <summary>How many packs (of <c>packId</c>) the line is.</summary>
    public decimal? PackCount { get; set; }
    public long QuantityApproved { get; set; }
    public long QuantityAllocated { get; set; }
    /// <summary>Approved but not allocated: what the warehouse could not cover.</summary>
    public long QuantityShort { get; set; }
    public long QuantityDispatched { get; set; }
    public long QuantityAccepted { get; set; }
    public long QuantityRejected { get; set; }
    public string? RejectionReason { get; set; }
}

public sealed class ShipmentDto
{
    public int Id { get; set; }
    public string Number { get; set; } = "";
    public int AllocationRequestId { get; set; }
    public int FromLocationId { get; set; }
    public int ToLocationId { get; set; }
    public ShipmentStatus Status { get; set; }
    public string DispatchedBy { get; set; } = "";
    public DateTime DispatchedAt { get; set; }
    public string? ConfirmedBy { get; set; }
    public DateTime? DeliveredAt { get; set; }
    [ConcurrencyCheck] public int Version { get; set; }
    [Contained] public IList<ShipmentLineDto> Lines { get; set; } = [];
}

public sealed class ShipmentLineDto
{
    public int Id { get; set; }
    public int LineNumber { get; set; }
    public int AllocationRequestLineId { get; set; }
    public int ItemId { get; set; }
    public int LotId { get; set; }
    public string LotNumber { get; set; } = "";
    public DateOnly? ExpiresOn { get; set; }
    public long Quantity { get; set; }
    public bool IsConfirmed { get; set; }
    public long QuantityAccepted { get; set; }
    public long QuantityRejected { get; set; }
    public string? RejectionReason { get; set; }
}

/// <summary>One line's approved quantity in the Approve action (0 declines the line).</summary>
public sealed class ApprovalLineDto
{
    public int LineId { get; set; }
    public decimal QuantityApproved { get; set; }
}

/// <summary>What the station found in one shipment line, in the ConfirmDelivery action.</summary>
public sealed class DeliveryLineDto
{
    public int LineId { get; set; }
    public decimal QuantityAccepted { get; set; }
    public decimal QuantityRejected { get; set; }
    public string? Reason { get; set; }
}

public sealed class ItemCoverDto
{
    public int ItemId { get; set; }
    public string ItemCode { get; set; } = "";
    public long QuantityAvailable { get; set; }
    public decimal DailyNeed { get; set; }
    public NeedBasis NeedBasis { get; set; }
    public decimal? DaysOfCover { get; set; }
}

public sealed class LineSuggestionDto
{
    public int LineId { get; set; }
    public int ItemId { get; set; }
    public long QuantityRequested { get; set; }
    public long QuantitySuggested { get; set; }
    public long WarehouseAvailable { get; set; }
    public decimal DailyNeed { get; set; }
    public decimal? DaysOfCoverNow { get; set; }
    public decimal? TargetDaysOfCover { get; set; }
}
