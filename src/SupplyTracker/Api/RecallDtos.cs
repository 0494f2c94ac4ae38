using SupplyTracker.Domain;

namespace SupplyTracker.Api;

public sealed class LotDto
{
    public int Id { get; set; }
    public int ItemId { get; set; }
    public string LotNumber { get; set; } = "";
    public DateOnly? ExpiresOn { get; set; }
    public string? Manufacturer { get; set; }
    public string? RegistrationNumber { get; set; }
    public string? StandardClaimed { get; set; }
    public string? TestReportReference { get; set; }
}

public sealed class RecallDto
{
    public int Id { get; set; }
    public int ItemId { get; set; }
    /// <summary>On POST: the lot numbers to recall (of the item).</summary>
    public List<string> LotNumbers { get; set; } = [];
    public string? Reason { get; set; }
    public RecallSource Source { get; set; }
    public string RaisedBy { get; set; } = "";
    public DateTime RaisedAt { get; set; }
    public int StationsNotified { get; set; }
    public int StationsConfirmed { get; set; }
    public int Version { get; set; }
    public List<RecallNoticeDto> Notices { get; set; } = [];
}

public sealed class RecallNoticeDto
{
    public int LocationId { get; set; }
    public string LocationCode { get; set; } = "";
    public long QuantityHeldAtRecall { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public string? ConfirmedBy { get; set; }
}

public sealed class RecallTraceDto
{
    public int LocationId { get; set; }
    public string LocationCode { get; set; } = "";
    public LocationKind Kind { get; set; }
    public DateTime FirstReceivedAt { get; set; }
    public DateTime LastReceivedAt { get; set; }
    public long QuantityReceived { get; set; }
    public long QuantityConsumed { get; set; }
    public long QuantityHeld { get; set; }
    public long QuantityQuarantined { get; set; }
    public bool Notified { get; set; }
    public DateTime? ConfirmedAt { get; set; }
}

public sealed class AlertDto
{
    public long Id { get; set; }
    public AlertKind Kind { get; set; }
    public AlertAudience Audience { get; set; }
    public int LocationId { get; set; }
    public int? ItemId { get; set; }
    public int? LotId { get; set; }
    public int? Threshold { get; set; }
    public DateOnly? DueOn { get; set; }
    public int? AllocationRequestId { get; set; }
    public int? RecallId { get; set; }
    public string DedupKey { get; set; } = "";
    public DateTime RaisedAt { get; set; }
    public DateTime? DismissedAt { get; set; }
    public string? DismissedBy { get; set; }
    public DateTime? MailedAt { get; set; }
    public int Version { get; set; }
}

public sealed class AlertsRaisedDto
{
    public int Raised { get; set; }
}
