using System.ComponentModel.DataAnnotations;
using Microsoft.OData.ModelBuilder;
using SupplyTracker.Domain;

namespace SupplyTracker.Api;

// What the API shows: EF entities never reach the EDM, and writes are mapped field by field onto commands, so no
// client can bind to a key, foreign key or audit field it should not set.

public sealed class ItemDto
{
    public int Id { get; set; }
    [Editable(false, AllowInitialValue = true)] public string Code { get; set; } = "";
    public string NameZhHant { get; set; } = "";
    public string NameZhHans { get; set; } = "";
    public string NameEn { get; set; } = "";
    public ItemCategory Category { get; set; }
    public string BaseUnit { get; set; } = "";
    public int PackSize { get; set; }
    public string? ProductStandard { get; set; }
    public bool TracksExpiry { get; set; }
    public long ReorderLevel { get; set; }
    public decimal UsePerPersonShift { get; set; }
    [ConcurrencyCheck] public int Version { get; set; }
    /// <summary>GTINs of one base unit, 14 digits each (8-, 12- and 13-digit ones are accepted and padded).</summary>
    public IList<string> Gtins { get; set; } = [];
    [Contained] public IList<PackDto> Packs { get; set; } = [];
}

/// <summary>A named multiple of the item's base unit, optionally with its own GTIN (the carton's barcode).</summary>
public sealed class PackDto
{
    public int Id { get; set; }
    public string NameZhHant { get; set; } = "";
    public string NameZhHans { get; set; } = "";
    public string NameEn { get; set; } = "";
    /// <summary>Base units in one pack.</summary>
    public long Quantity { get; set; }
    public string? Gtin { get; set; }
}

/// <summary>The answer of Items/ResolveBarcode(code='…'): what a scanned barcode fills into an intake line.</summary>
public sealed class ResolvedBarcodeDto
{
    public int ItemId { get; set; }
    public string ItemCode { get; set; } = "";
    public string BaseUnit { get; set; } = "";
    public string Gtin { get; set; } = "";
    public ResolvedPackDto? Pack { get; set; }
    public string? LotNumber { get; set; }
    public DateOnly? ExpiresOn { get; set; }
    public string? SerialNumber { get; set; }
    /// <summary>AI (30) in base units or AI (37) in contained trade items; 1 when the barcode has no count.</summary>
    public long Count { get; set; }
    /// <summary>Base units the scan stands for.</summary>
    public long Quantity { get; set; }
}

public sealed class ResolvedPackDto
{
    public int Id { get; set; }
    public string NameZhHant { get; set; } = "";
    public string NameZhHans { get; set; } = "";
    public string NameEn { get; set; } = "";
    public long Quantity { get; set; }
}

public sealed class LocationDto
{
    public int Id { get; set; }
    [Editable(false, AllowInitialValue = true)] public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string NameZhHans { get; set; } = "";
    public string NameEn { get; set; } = "";
    public LocationKind Kind { get; set; }
    public int HeadcountPerShift { get; set; }
    public int ShiftsPerDay { get; set; }
    [ConcurrencyCheck] public int Version { get; set; }
}

public sealed class DonorDto
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public DonorKind Kind { get; set; }
    public string? ContactName { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
    /// <summary>Consent: the name is not public (the receipt still carries it). Organisations and government bodies default
    /// to named, people to anonymous; naming a person takes <c>RecordConsent</c> (or a PATCH of this field).</summary>
    public bool IsAnonymous { get; set; }
    public string PreferredLanguage { get; set; } = "zh-Hant";
    /// <summary>Follow-up mail ("where it went"); true unless the donor opted out.</summary>
    public bool WantsFollowUp { get; set; } = true;
    /// <summary>Consent: where the goods went may be shown publicly (verification page, donor statement, hops in the log).</summary>
    public bool TracePublic { get; set; } = true;
    /// <summary>When the consent was last recorded (UTC); null while the defaults by kind apply.</summary>
    public DateTime? ConsentRecordedAt { get; set; }
    /// <summary>Who recorded it.</summary>
    public string? ConsentRecordedBy { get; set; }
    [ConcurrencyCheck] public int Version { get; set; }
}

public sealed class DonationDto
{
    public int Id { get; set; }
    public int DonorId { get; set; }
    public int ReceivingLocationId { get; set; }
    public DateOnly ReceivedOn { get; set; }
    public string? Reference { get; set; }
    public string? Note { get; set; }
    /// <summary>The location the donor directed the whole gift to (定向捐贈); each line's default.</summary>
    public int? DirectedToLocationId { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
    [ConcurrencyCheck] public int Version { get; set; }
    [Contained] public IList<DonationLineDto> Lines { get; set; } = [];
    public DonorDto? Donor { get; set; }
    public LocationDto? ReceivingLocation { get; set; }
}

public sealed class DonationLineDto
{
    public int Id { get; set; }
    public int LineNumber { get; set; }
    public int ItemId { get; set; }
    public decimal Quantity { get; set; }
    public string? LotNumber { get; set; }
    public DateOnly? ExpiresOn { get; set; }
    public decimal? DeclaredValue { get; set; }
    /// <summary>How the value was set: Declared (by the donor, the default when a value is given) or Appraised.</summary>
    public ValueBasis? ValueBasis { get; set; }
    /// <summary>Optional: who appraised the value and against what.</summary>
    public string? ValueNote { get; set; }
    /// <summary>The pack the line is counted in. On POST with <see cref="PackCount"/>: the line is so many of this
    /// item's pack (leave quantity out or 0); quantity is always read back in base units.</summary>
    public int? PackId { get; set; }
    public decimal? PackCount { get; set; }
    /// <summary>Base units per pack at intake, and the pack's names then (read only).</summary>
    public long? PackSize { get; set; }
    public string? PackNameZhHant { get; set; }
    public string? PackNameZhHans { get; set; }
    public string? PackNameEn { get; set; }
    /// <summary>The location the donor directed this line to; its stock is reserved for that location.</summary>
    public int? DirectedToLocationId { get; set; }
    public LineDisposition Disposition { get; set; }
    public string? RejectionReason { get; set; }
    public string? Manufacturer { get; set; }
    public string? RegistrationNumber { get; set; }
    public string? StandardClaimed { get; set; }
    public string? TestReportReference { get; set; }
}

public sealed class StockBalanceDto
{
    public long Id { get; set; }
    public int LocationId { get; set; }
    public int ItemId { get; set; }
    public int LotId { get; set; }
    public string LotNumber { get; set; } = "";
    public DateOnly? ExpiresOn { get; set; }
    /// <summary>Set when this is directed stock (定向捐贈): reserved for that location.</summary>
    public int? DirectedToLocationId { get; set; }
    public long QuantityOnHand { get; set; }
    public long QuantityReserved { get; set; }
    public long QuantityQuarantined { get; set; }
    public long QuantityAvailable { get; set; }
    public ItemDto? Item { get; set; }
    public LocationDto? Location { get; set; }
}

public sealed class StockMovementDto
{
    public long Id { get; set; }
    public int LocationId { get; set; }
    public int ItemId { get; set; }
    public int LotId { get; set; }
    public string LotNumber { get; set; } = "";
    public DateOnly? ExpiresOn { get; set; }
    public long Quantity { get; set; }
    public StockStatus Status { get; set; }
    public MovementKind Kind { get; set; }
    public MovementReference ReferenceType { get; set; }
    public long ReferenceId { get; set; }
    public string? ReasonCode { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
    public ItemDto? Item { get; set; }
    public LocationDto? Location { get; set; }
}

public sealed class StockAdjustmentDto
{
    public int Id { get; set; }
    public int LocationId { get; set; }
    public int ItemId { get; set; }
    public string? LotNumber { get; set; }
    public DateOnly? ExpiresOn { get; set; }
    /// <summary>Signed: negative removes stock.</summary>
    public decimal Quantity { get; set; }
    public AdjustmentReason Reason { get; set; }
    public string? Note { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
    /// <summary>Posted, or (a station's addition above the threshold) Pending until logistics approves or rejects it.</summary>
    public AdjustmentStatus Status { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
}

public sealed class TransferDto
{
    public int Id { get; set; }
    public int FromLocationId { get; set; }
    public int ToLocationId { get; set; }
    public int ItemId { get; set; }
    public string? LotNumber { get; set; }
    public DateOnly? ExpiresOn { get; set; }
    public decimal Quantity { get; set; }
    public string? Note { get; set; }
    /// <summary>Names the directed lot moved (stock a donor directed to that location); null for undirected stock.</summary>
    public int? DirectedToLocationId { get; set; }
    /// <summary>An administrator's reason for sending directed stock elsewhere; published in the disclosure log.</summary>
    public string? OverrideReason { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
}

public sealed class ConsumptionReportDto
{
    public int Id { get; set; }
    public int LocationId { get; set; }
    public DateOnly ConsumedOn { get; set; }
    public string? Note { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
    [Contained] public IList<ConsumptionLineDto> Lines { get; set; } = [];
}

public sealed class ConsumptionLineDto
{
    public int Id { get; set; }
    public int ItemId { get; set; }
    public decimal Quantity { get; set; }
}

/// <summary>One line's outcome in the Inspect and ReleaseFromQuarantine actions.</summary>
public sealed class LineDecisionDto
{
    public int LineId { get; set; }
    public string Outcome { get; set; } = "";
    public string? Reason { get; set; }
}

/// <summary>A mail to a donor and how its delivery went; bodies and attachments stay on the server.</summary>
public sealed class OutboxMessageDto
{
    public long Id { get; set; }
    public int? DonorId { get; set; }
    public int? DonationId { get; set; }
    public string ToAddress { get; set; } = "";
    public string Language { get; set; } = "";
    public MailKind Kind { get; set; }
    public string? Reference { get; set; }
    public string Subject { get; set; } = "";
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>Why the last attempt failed: the SMTP server's answer.</summary>
    public string? LastError { get; set; }
    public string? MessageId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public int AttachmentCount { get; set; }
    [ConcurrencyCheck] public int Version { get; set; }
}

/// <summary>Whether mail can go out at all, and how many messages are in each state.</summary>
public sealed class OutboxSummaryDto
{
    public bool MailConfigured { get; set; }
    public string From { get; set; } = "";
    public int Queued { get; set; }
    public int Sending { get; set; }
    public int Sent { get; set; }
    public int Failed { get; set; }
}
