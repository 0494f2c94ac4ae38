namespace SupplyTracker.Domain;

/// <summary>What a pledge is in the database; <see cref="PledgeState"/> adds Overdue, which is computed from the expected date.</summary>
public enum PledgeStatus { Pledged, Received, Cancelled }

/// <summary>A pledge as people see it: an open pledge whose expected day has passed (in the deployment's time zone) is Overdue.</summary>
public enum PledgeState { Pledged, Overdue, Received, Cancelled }

/// <summary>
/// A delivery a donor announced beforehand (logistics on the phone with them): who, when, what, and where the donor
/// directed it. When the truck arrives it becomes a donation (one action) and the pledge keeps the donation's id.
/// </summary>
public sealed class Pledge
{
    public const int MaxContactLength = 100;
    public const int MaxReasonLength = 500;
    public const int MaxLines = 200;

    private readonly List<PledgeLine> _lines = [];

    private Pledge() { }

    public Pledge(int donorId, string? contactName, string? contactPhone, DateOnly expectedOn, int receivingLocationId, int? directedToLocationId,
        string? note, string createdBy, DateTime createdAt)
    {
        DonorId = donorId;
        ContactName = Optional(contactName, "contactName", MaxContactLength);
        ContactPhone = Optional(contactPhone, "contactPhone", 32);
        ExpectedOn = expectedOn;
        ReceivingLocationId = receivingLocationId;
        DirectedToLocationId = directedToLocationId;
        Note = Optional(note, "note", Notes.MaxLength);
        CreatedBy = Item.Require(createdBy, nameof(createdBy), 100);
        CreatedAt = DateTime.SpecifyKind(createdAt, DateTimeKind.Utc);
    }

    public int Id { get; private set; }
    public int DonorId { get; private set; }
    public Donor Donor { get; private set; } = null!;
    public string? ContactName { get; private set; }
    public string? ContactPhone { get; private set; }
    /// <summary>The day the donor expects to deliver, in the deployment's time zone.</summary>
    public DateOnly ExpectedOn { get; private set; }
    /// <summary>The warehouse the goods are expected at.</summary>
    public int ReceivingLocationId { get; private set; }
    /// <summary>The location the donor directed the gift to (定向捐贈), the donation's default when it arrives.</summary>
    public int? DirectedToLocationId { get; private set; }
    public string? Note { get; private set; }
    public PledgeStatus Status { get; private set; }
    /// <summary>The donation the pledge became when the goods arrived.</summary>
    public int? DonationId { get; private set; }
    public Donation? Donation { get; private set; }
    public string? CancelReason { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public string? ClosedBy { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public int Version { get; private set; }
    public IReadOnlyList<PledgeLine> Lines => _lines;

    public PledgeState StateOn(DateOnly today) => State(Status, ExpectedOn, today);

    /// <summary>The rule, stated once (queries translate the same comparison): open and expected before today is overdue.</summary>
    public static PledgeState State(PledgeStatus status, DateOnly expectedOn, DateOnly today) => status switch
    {
        PledgeStatus.Received => PledgeState.Received,
        PledgeStatus.Cancelled => PledgeState.Cancelled,
        _ => expectedOn < today ? PledgeState.Overdue : PledgeState.Pledged,
    };

    /// <param name="pack">Counted in this pack of the item: <paramref name="count"/> is then the number of packs.</param>
    public PledgeLine AddLine(Item item, decimal count, Pack? pack, string? lotNumber, DateOnly? expiresOn, int index)
    {
        var field = $"lines[{index}]";
        if (_lines.Count >= MaxLines)
            throw new DomainValidationException("lines", ErrorCodes.LinesTooMany, MaxLines);
        if (pack is not null && pack.ItemId != item.Id)
            throw new DomainValidationException($"{field}.packId", ErrorCodes.PackNotOfItem, pack.NameEn, item.Code);
        var quantity = pack is not null ? pack.ToBaseUnits(count, $"{field}.quantity") : Domain.Quantity.Ensure(count, $"{field}.quantity");
        var lot = string.IsNullOrWhiteSpace(lotNumber) ? null : lotNumber.Trim();
        if (lot?.Length > Lot.MaxNumberLength)
            throw new DomainValidationException($"{field}.lotNumber", ErrorCodes.FieldTooLong, Lot.MaxNumberLength);
        var line = new PledgeLine(this, _lines.Count + 1, item, pack, quantity, lot, expiresOn);
        _lines.Add(line);
        return line;
    }

    /// <summary>The goods arrived and were recorded as <paramref name="donation"/>.</summary>
    public void MarkReceived(Donation donation, string by, DateTime at)
    {
        EnsureOpen();
        Donation = donation;
        Status = PledgeStatus.Received;
        Close(by, at);
    }

    public void Cancel(string? reason, string by, DateTime at)
    {
        EnsureOpen();
        CancelReason = Item.Require(reason, "reason", MaxReasonLength);
        Status = PledgeStatus.Cancelled;
        Close(by, at);
    }

    private void Close(string by, DateTime at)
    {
        ClosedBy = Item.Require(by, "closedBy", 100);
        ClosedAt = DateTime.SpecifyKind(at, DateTimeKind.Utc);
        Version++;
    }

    private void EnsureOpen()
    {
        if (Status != PledgeStatus.Pledged)
            throw new DomainRuleException("pledgeId", ErrorCodes.PledgeNotOpen, Id, Status);
    }

    private static string? Optional(string? value, string field, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        return text.Length <= max ? text : throw new DomainValidationException(field, ErrorCodes.FieldTooLong, max);
    }
}

/// <summary>One line of pledged goods, in base units; the pack it was announced in is kept to show "20 箱 × 50 = 1,000 只".</summary>
public sealed class PledgeLine
{
    private PledgeLine() { }

    internal PledgeLine(Pledge pledge, int lineNumber, Item item, Pack? pack, long quantity, string? lotNumber, DateOnly? expiresOn)
    {
        Pledge = pledge;
        LineNumber = lineNumber;
        ItemId = item.Id;
        Item = item;
        PackId = pack?.Id;
        Pack = pack;
        Quantity = quantity;
        LotNumber = lotNumber;
        ExpiresOn = expiresOn;
    }

    public int Id { get; private set; }
    public int PledgeId { get; private set; }
    public Pledge Pledge { get; private set; } = null!;
    public int LineNumber { get; private set; }
    public int ItemId { get; private set; }
    public Item Item { get; private set; } = null!;
    public int? PackId { get; private set; }
    public Pack? Pack { get; private set; }
    /// <summary>Base units.</summary>
    public long Quantity { get; private set; }
    public string? LotNumber { get; private set; }
    public DateOnly? ExpiresOn { get; private set; }

    /// <summary>How many packs the line is (exact: the quantity was converted from a whole number of them).</summary>
    public long? PackCount => Pack is { } pack ? Quantity / pack.Quantity : null;
}
