namespace SupplyTracker.Domain;

public enum LineDisposition { Pending, Accepted, Rejected, Quarantined }

public sealed class Donation
{
    private readonly List<DonationLine> _lines = [];

    private Donation() { }

    public Donation(int donorId, int receivingLocationId, DateOnly receivedOn, string? note, string recordedBy, DateTime recordedAt, string? reference = null)
    {
        Reference = string.IsNullOrWhiteSpace(reference) ? null
            : reference.Trim().Length <= 64 ? reference.Trim()
            : throw new DomainValidationException(nameof(reference), "'reference' must be at most 64 characters.");
        DonorId = donorId;
        ReceivingLocationId = receivingLocationId;
        ReceivedOn = receivedOn;
        Note = string.IsNullOrWhiteSpace(note) ? null
            : note.Trim().Length <= 1000 ? note.Trim()
            : throw new DomainValidationException(nameof(note), "'note' must be at most 1000 characters.");
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
    public string RecordedBy { get; private set; } = "";
    public DateTime RecordedAt { get; private set; }
    public int Version { get; private set; }
    public IReadOnlyList<DonationLine> Lines => _lines;

    public bool IsFullyInspected => _lines.All(l => l.Disposition != LineDisposition.Pending);

    public DonationLine AddLine(Item item, long quantity, string? lotNumber, DateOnly? expiresOn, decimal? declaredValue)
    {
        var line = new DonationLine(this, _lines.Count + 1, item, quantity, lotNumber, expiresOn, declaredValue);
        _lines.Add(line);
        return line;
    }

    public DonationLine Line(int lineId) =>
        _lines.SingleOrDefault(l => l.Id == lineId) ?? throw new NotFoundException("DonationLine", lineId);

}

public sealed class DonationLine
{
    private DonationLine() { }

    internal DonationLine(Donation donation, int lineNumber, Item item, long quantity, string? lotNumber, DateOnly? expiresOn, decimal? declaredValue)
    {
        Donation = donation;
        // Set for a donation already saved (a bulk import writes its lines afterwards); EF fixes it up otherwise.
        DonationId = donation.Id;
        LineNumber = lineNumber;
        Item = item;
        ItemId = item.Id;
        Quantity = Domain.Quantity.Ensure(quantity);
        LotNumber = string.IsNullOrWhiteSpace(lotNumber) ? Lot.Unlotted : lotNumber.Trim();
        if (LotNumber.Length > 64)
            throw new DomainValidationException(nameof(lotNumber), "'lotNumber' must be at most 64 characters.");
        if (item.TracksExpiry && (LotNumber.Length == 0 || expiresOn is null))
            throw new DomainValidationException(LotNumber.Length == 0 ? nameof(lotNumber) : nameof(expiresOn),
                $"Lot number and expiry are required for {item.Code}, which tracks expiry.");
        ExpiresOn = expiresOn;
        if (declaredValue is < 0 or > 10_000_000_000m)
            throw new DomainValidationException(nameof(declaredValue), "'declaredValue' must be between 0 and 10,000,000,000.");
        DeclaredValue = declaredValue;
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
    public LineDisposition Disposition { get; private set; }
    public string? RejectionReason { get; private set; }
    public int? LotId { get; private set; }
    public Lot? Lot { get; private set; }

    public void Accept(Lot lot, DateOnly today)
    {
        EnsureDisposition(LineDisposition.Pending, "accept");
        if (lot.IsExpiredOn(today))
            throw new DomainRuleException("decision",
                $"Line {LineNumber} expired on {lot.ExpiresOn:yyyy-MM-dd}; expired goods cannot be accepted into available stock. Reject or quarantine it.");
        Lot = lot;
        Disposition = LineDisposition.Accepted;
    }

    public void Quarantine(Lot lot)
    {
        EnsureDisposition(LineDisposition.Pending, "quarantine");
        Lot = lot;
        Disposition = LineDisposition.Quarantined;
    }

    public void Reject(string? reason)
    {
        if (Disposition is not (LineDisposition.Pending or LineDisposition.Quarantined))
            throw new DomainRuleException("decision", $"Line {LineNumber} is already {Disposition}; it cannot be rejected.");
        RejectionReason = Item.Require(reason, "reason", 500);
        Disposition = LineDisposition.Rejected;
    }

    public void ReleaseFromQuarantine(DateOnly today)
    {
        EnsureDisposition(LineDisposition.Quarantined, "release");
        if (Lot!.IsExpiredOn(today))
            throw new DomainRuleException("decision",
                $"Line {LineNumber} expired on {Lot.ExpiresOn:yyyy-MM-dd}; expired goods cannot be released into available stock.");
        Disposition = LineDisposition.Accepted;
    }

    private void EnsureDisposition(LineDisposition expected, string verb)
    {
        if (Disposition != expected)
            throw new DomainRuleException("decision", $"Line {LineNumber} is {Disposition}; only a {expected} line can be {verb}ed.");
    }
}
