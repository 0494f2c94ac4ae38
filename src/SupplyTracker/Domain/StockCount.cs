namespace SupplyTracker.Domain;

public enum StockCountStatus { Open, Submitted, Approved, Cancelled }

/// <summary>
/// A physical count of a location (or some of its items). Blind: the book quantity of a line is hidden until the count
/// is submitted. Variance = counted − (book at start + net movements posted at that location and lot between the start
/// and the submission): the counters report what is on the shelf when they submit, so stock that came or went while they
/// counted is not a variance. Approval posts each variance as a CountCorrection movement linked to the count.
/// </summary>
public sealed class StockCount
{
    private readonly List<StockCountLine> _lines = [];

    private StockCount() { }

    public StockCount(int locationId, IEnumerable<StockBalance> balances, long startSequence, string? note, string startedBy, DateTime startedAt)
    {
        LocationId = locationId;
        foreach (var balance in balances)
        {
            if (balance.LocationId != locationId)
                throw new InvalidOperationException("A count only holds balances of its own location.");
            _lines.Add(new StockCountLine(this, balance.Lot, balance.QuantityOnHand));
        }
        if (_lines.Count == 0)
            throw new DomainRuleException("itemIds", ErrorCodes.CountNothingToCount);
        StartSequence = startSequence;
        Note = string.IsNullOrWhiteSpace(note) ? null : Item.Require(note, nameof(note), 1000);
        StartedBy = startedBy;
        StartedAt = DateTime.SpecifyKind(startedAt, DateTimeKind.Utc);
        Status = StockCountStatus.Open;
    }

    public int Id { get; private set; }
    public int LocationId { get; private set; }
    public StockCountStatus Status { get; private set; }
    /// <summary>The ledger's last sequence when the count started: movements after it happened during the count.</summary>
    public long StartSequence { get; private set; }
    public long? SubmitSequence { get; private set; }
    public string? Note { get; private set; }
    public string StartedBy { get; private set; } = "";
    public DateTime StartedAt { get; private set; }
    public string? SubmittedBy { get; private set; }
    public DateTime? SubmittedAt { get; private set; }
    public string? ApprovedBy { get; private set; }
    public DateTime? ApprovedAt { get; private set; }
    public int Version { get; private set; }
    public IReadOnlyList<StockCountLine> Lines => _lines;

    /// <summary>Open or submitted: a second count of the same location waits until this one is approved or cancelled.</summary>
    public bool IsInProgress => Status is StockCountStatus.Open or StockCountStatus.Submitted;

    public StockCountLine Line(int lineId, string field) =>
        _lines.FirstOrDefault(l => l.Id == lineId) ?? throw new DomainValidationException(field, ErrorCodes.CountLineUnknown, lineId, Id);

    public void Enter(StockCountLine line, long counted, string field)
    {
        EnsureStatus(StockCountStatus.Open);
        if (counted < 0)
            throw new DomainValidationException(field, ErrorCodes.FieldNegative);
        if (counted > Quantity.Max)
            throw new DomainValidationException(field, ErrorCodes.FieldAtMost, Quantity.Max);
        line.Counted(counted);
        Version++;
    }

    /// <summary>Closes counting; <paramref name="movedDuringCount"/> is the net movement per lot since <see cref="StartSequence"/>.</summary>
    public void Submit(IReadOnlyDictionary<int, long> movedDuringCount, long submitSequence, string submittedBy, DateTime submittedAt)
    {
        EnsureStatus(StockCountStatus.Open);
        var missing = _lines.Where(l => l.CountedQuantity is null).Select(l => l.Lot.LotNumber.Length == 0 ? $"line {l.Id}" : l.Lot.LotNumber).ToList();
        if (missing.Count > 0)
            throw new DomainRuleException("lines", ErrorCodes.CountNotCounted, string.Join(", ", missing));
        foreach (var line in _lines)
            line.CloseCounting(movedDuringCount.GetValueOrDefault(line.LotId));
        SubmitSequence = submitSequence;
        SubmittedBy = submittedBy;
        SubmittedAt = DateTime.SpecifyKind(submittedAt, DateTimeKind.Utc);
        Status = StockCountStatus.Submitted;
        Version++;
    }

    public void Approve(string approvedBy, DateTime approvedAt)
    {
        EnsureStatus(StockCountStatus.Submitted);
        if (string.Equals(approvedBy, SubmittedBy, StringComparison.OrdinalIgnoreCase))
            throw new DomainRuleException("approvedBy", ErrorCodes.CountOwnApproval, Id, SubmittedBy);
        ApprovedBy = approvedBy;
        ApprovedAt = DateTime.SpecifyKind(approvedAt, DateTimeKind.Utc);
        Status = StockCountStatus.Approved;
        Version++;
    }

    public void Cancel()
    {
        if (!IsInProgress)
            throw new DomainRuleException("status", ErrorCodes.CountWrongStatus, Id, Status);
        Status = StockCountStatus.Cancelled;
        Version++;
    }

    private void EnsureStatus(StockCountStatus expected)
    {
        if (Status != expected)
            throw new DomainRuleException("status", ErrorCodes.CountWrongStatus, Id, Status);
    }
}

public sealed class StockCountLine
{
    private StockCountLine() { }

    internal StockCountLine(StockCount count, Lot lot, long bookAtStart)
    {
        StockCount = count;
        Lot = lot;
        LotId = lot.Id;
        ItemId = lot.ItemId;
        BookAtStart = bookAtStart;
    }

    public int Id { get; private set; }
    public int StockCountId { get; private set; }
    public StockCount StockCount { get; private set; } = null!;
    public int ItemId { get; private set; }
    public int LotId { get; private set; }
    public Lot Lot { get; private set; } = null!;
    /// <summary>On hand (usable and quarantined) when the count started; hidden from counters.</summary>
    public long BookAtStart { get; private set; }
    public long? CountedQuantity { get; private set; }
    /// <summary>Net movements at this location and lot between start and submission; set on submission.</summary>
    public long? MovedDuringCount { get; private set; }

    public long? Expected => MovedDuringCount is { } moved ? BookAtStart + moved : null;
    public long? Variance => Expected is { } expected && CountedQuantity is { } counted ? counted - expected : null;

    internal void Counted(long quantity) => CountedQuantity = quantity;
    internal void CloseCounting(long moved) => MovedDuringCount = moved;
}
