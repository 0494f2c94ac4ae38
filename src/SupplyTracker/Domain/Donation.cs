namespace SupplyTracker.Domain;

public enum LineDisposition { Pending, Accepted, Rejected, Quarantined }

public sealed class Donation
{
    public const int MaxReferenceLength = 64;
    private readonly List<DonationLine> _lines = [];

    private Donation() { }

    public Donation(int donorId, int receivingLocationId, DateOnly receivedOn, string? note, string recordedBy, DateTime recordedAt, string? reference = null,
        int? directedToLocationId = null)
    {
        DirectedToLocationId = directedToLocationId;
        Reference = string.IsNullOrWhiteSpace(reference) ? null
            : reference.Trim().Length <= MaxReferenceLength ? reference.Trim()
            : throw new DomainValidationException(nameof(reference), ErrorCodes.FieldTooLong, MaxReferenceLength);
        DonorId = donorId;
        ReceivingLocationId = receivingLocationId;
        ReceivedOn = receivedOn;
        Note = string.IsNullOrWhiteSpace(note) ? null
            : note.Trim().Length <= Notes.MaxLength ? note.Trim()
            : throw new DomainValidationException(nameof(note), ErrorCodes.FieldTooLong, Notes.MaxLength);
        RecordedBy = Item.Require(recordedBy, nameof(recordedBy), 100);
        RecordedAt = DateTime.SpecifyKind(recordedAt, DateTimeKind.Utc);
    }

    public int Id { get; private set; }
    public int DonorId { get; private set; }
    public Donor Donor { get; private set; } = null!;
    public int ReceivingLocationId { get; private set; }
    public Location ReceivingLocation { get; private set; } = null!;
    public DateOnly ReceivedOn { get; private set; }
    /// <summary>The donor's own reference (packing list, letter number); unique when given, so a re-import adds nothing.</summary>
    public string? Reference { get; private set; }
    public string? Note { get; private set; }
    /// <summary>The location the donor directed the whole gift to (定向捐贈): each line's default.</summary>
    public int? DirectedToLocationId { get; private set; }
    public string RecordedBy { get; private set; } = "";
    public DateTime RecordedAt { get; private set; }
    public int Version { get; private set; }
    public IReadOnlyList<DonationLine> Lines => _lines;

    public bool IsFullyInspected => _lines.All(l => l.Disposition != LineDisposition.Pending);

    public DonationLine AddLine(Item item, long quantity, string? lotNumber, DateOnly? expiresOn, decimal? declaredValue,
        int? directedToLocationId = null, ValueBasis? valueBasis = null, string? valueNote = null, Pack? pack = null)
    {
        var line = new DonationLine(this, _lines.Count + 1, item, quantity, lotNumber, expiresOn, declaredValue,
            directedToLocationId ?? DirectedToLocationId, valueBasis, valueNote, pack);
        _lines.Add(line);
        return line;
    }

    public DonationLine Line(int lineId) =>
        _lines.SingleOrDefault(l => l.Id == lineId) ?? throw new NotFoundException("DonationLine", lineId);

}

public sealed class DonationLine
{
    public const int MaxReasonLength = 500;
    public const int MaxValueNoteLength = 200;

    private DonationLine() { }

    internal DonationLine(Donation donation, int lineNumber, Item item, long quantity, string? lotNumber, DateOnly? expiresOn, decimal? declaredValue,
        int? directedToLocationId = null, ValueBasis? valueBasis = null, string? valueNote = null, Pack? pack = null)
    {
        DirectedToLocationId = directedToLocationId;
        Donation = donation;
        // Set for a donation already saved (a bulk import writes its lines afterwards); EF fixes it up otherwise.
        DonationId = donation.Id;
        LineNumber = lineNumber;
        Item = item;
        ItemId = item.Id;
        Quantity = Domain.Quantity.Ensure(quantity);
        LotNumber = string.IsNullOrWhiteSpace(lotNumber) ? Lot.Unlotted : lotNumber.Trim();
        Lot.Check(item, LotNumber, expiresOn);
        ExpiresOn = expiresOn;
        if (declaredValue is < 0 or > 10_000_000_000m)
            throw new DomainValidationException(nameof(declaredValue), ErrorCodes.FieldBetween, 0, 10_000_000_000m);
        if (declaredValue is { } value && decimal.Round(value, 2) != value)
            throw new DomainValidationException(nameof(declaredValue), ErrorCodes.DonationValueWholeFen);
        DeclaredValue = declaredValue;
        // How the value was set only means something with a value; without a basis a value is the donor's declaration.
        if (declaredValue is null && (valueBasis is not null || !string.IsNullOrWhiteSpace(valueNote)))
            throw new DomainValidationException(nameof(valueBasis), ErrorCodes.DonationValueBasisWithoutValue);
        ValueBasis = declaredValue is null ? null : valueBasis ?? Domain.ValueBasis.Declared;
        ValueNote = string.IsNullOrWhiteSpace(valueNote) ? null
            : valueNote.Trim().Length <= MaxValueNoteLength ? valueNote.Trim()
            : throw new DomainValidationException(nameof(valueNote), ErrorCodes.FieldTooLong, MaxValueNoteLength);
        if (pack is not null)
        {
            if (pack.ItemId != item.Id || Quantity % pack.Quantity != 0)
                throw new InvalidOperationException("A line counted in packs holds a whole number of its own item's packs.");
            PackId = pack.Id;
            PackSize = pack.Quantity;
            PackNameZhHant = pack.NameZhHant;
            PackNameZhHans = pack.NameZhHans;
            PackNameEn = pack.NameEn;
        }
    }

    public int Id { get; private set; }
    public int DonationId { get; private set; }
    public Donation Donation { get; private set; } = null!;
    public int LineNumber { get; private set; }
    public int ItemId { get; private set; }
    public Item Item { get; private set; } = null!;
    public long Quantity { get; private set; }
    public string LotNumber { get; private set; } = Lot.Unlotted;
    public DateOnly? ExpiresOn { get; private set; }
    public decimal? DeclaredValue { get; private set; }
    /// <summary>How <see cref="DeclaredValue"/> was set (declared by the donor, or appraised); null when there is no value.</summary>
    public ValueBasis? ValueBasis { get; private set; }
    /// <summary>Who appraised it, against what (an invoice, a price list…); free text, optional.</summary>
    public string? ValueNote { get; private set; }
    /// <summary>The pack the line was counted in at intake (the pack's id then; it may be edited or removed later).</summary>
    public int? PackId { get; private set; }
    /// <summary>Base units per pack at intake: the line is <see cref="Quantity"/> ÷ this many packs, exactly.</summary>
    public long? PackSize { get; private set; }
    public string? PackNameZhHant { get; private set; }
    public string? PackNameZhHans { get; private set; }
    public string? PackNameEn { get; private set; }
    /// <summary>How many packs the line was counted as, when it was counted in packs.</summary>
    public long? PackCount => PackSize is { } size ? Quantity / size : null;
    public string? PackName(string language) => language switch { "zh-Hans" => PackNameZhHans, "en" => PackNameEn, _ => PackNameZhHant };
    /// <summary>The location the donor directed these goods to; its stock goes into a lot reserved for that location.</summary>
    public int? DirectedToLocationId { get; private set; }
    public LineDisposition Disposition { get; private set; }
    public string? RejectionReason { get; private set; }
    /// <summary>Why the inspector held the line, in their own words (the movement carries only the reason code).</summary>
    public string? QuarantineNote { get; private set; }
    public int? LotId { get; private set; }
    public Lot? Lot { get; private set; }

    public void Accept(Lot lot, DateOnly today)
    {
        EnsureDisposition(LineDisposition.Pending, "accept");
        EnsureLotHonoursDirection(lot);
        if (lot.IsExpiredOn(today))
            throw new DomainRuleException("decision", ErrorCodes.LotExpiredNotAccepted, LineNumber, lot.ExpiresOn);
        Lot = lot;
        Disposition = LineDisposition.Accepted;
    }

    public void Quarantine(Lot lot, string? note = null)
    {
        EnsureDisposition(LineDisposition.Pending, "quarantine");
        EnsureLotHonoursDirection(lot);
        QuarantineNote = string.IsNullOrWhiteSpace(note) ? null : Item.Require(note, "reason", MaxReasonLength);
        Lot = lot;
        Disposition = LineDisposition.Quarantined;
    }

    public void Reject(string? reason)
    {
        if (Disposition is not (LineDisposition.Pending or LineDisposition.Quarantined))
            throw new DomainRuleException("decision", ErrorCodes.DonationLineCannotReject, LineNumber, Disposition);
        RejectionReason = Item.Require(reason, "reason", MaxReasonLength);
        Disposition = LineDisposition.Rejected;
    }

    public void ReleaseFromQuarantine(DateOnly today)
    {
        EnsureDisposition(LineDisposition.Quarantined, "release");
        if (Lot!.IsExpiredOn(today))
            throw new DomainRuleException("decision", ErrorCodes.LotExpiredNotReleased, LineNumber, Lot.ExpiresOn);
        Disposition = LineDisposition.Accepted;
    }

    private void EnsureLotHonoursDirection(Lot lot)
    {
        if (lot.DirectedToLocationId != DirectedToLocationId)
            throw new InvalidOperationException("A donation line's stock goes into the lot reserved for the location its donor directed it to.");
    }

    private void EnsureDisposition(LineDisposition expected, string verb)
    {
        if (Disposition != expected)
            throw new DomainRuleException("decision", ErrorCodes.DonationLineNotInState, LineNumber, Disposition, expected);
    }
}
