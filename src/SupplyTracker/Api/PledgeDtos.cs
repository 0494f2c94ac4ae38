using System.ComponentModel.DataAnnotations;
using Microsoft.OData.ModelBuilder;
using SupplyTracker.Domain;

namespace SupplyTracker.Api;

/// <summary>A delivery a donor announced; <c>state</c> is Overdue for an open pledge whose expected day (deployment time zone) has passed.</summary>
public sealed class PledgeDto
{
    public int Id { get; set; }
    public int DonorId { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public DateOnly ExpectedOn { get; set; }
    /// <summary>The warehouse the goods are expected at.</summary>
    public int ReceivingLocationId { get; set; }
    /// <summary>The location the donor directed the gift to (定向捐贈).</summary>
    public int? DirectedToLocationId { get; set; }
    public string? Note { get; set; }
    [Editable(false)] public PledgeState State { get; set; }
    /// <summary>The donation the pledge became when the goods arrived.</summary>
    [Editable(false)] public int? DonationId { get; set; }
    [Editable(false)] public string? CancelReason { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string? ClosedBy { get; set; }
    public DateTime? ClosedAt { get; set; }
    [ConcurrencyCheck] public int Version { get; set; }
    [Contained] public IList<PledgeLineDto> Lines { get; set; } = [];
}

/// <summary>A pledged line. On POST give <c>quantity</c> in base units, or <c>packId</c> and <c>packCount</c>; it is stored in base units exactly.</summary>
public sealed class PledgeLineDto
{
    public int Id { get; set; }
    [Editable(false)] public int LineNumber { get; set; }
    public int ItemId { get; set; }
    /// <summary>Base units.</summary>
    public decimal Quantity { get; set; }
    public int? PackId { get; set; }
    /// <summary>How many packs (of <c>packId</c>) the line is.</summary>
    public decimal? PackCount { get; set; }
    public string? LotNumber { get; set; }
    public DateOnly? ExpiresOn { get; set; }
}
