namespace SupplyTracker.Domain;

public enum RecallSource { ManufacturerNotice, Inspection, Authority }

/// <summary>
/// A bad lot (or lots) of one item called back from everywhere it went. Raising it sets every balance of its lots aside
/// in quarantine; each station that ever received the lots gets a notice it confirms once it has set the goods aside.
/// </summary>
public sealed class Recall
{
    public const int ReasonMaxLength = 500;

    private readonly List<RecallLot> _lots = [];
    private readonly List<RecallNotice> _notices = [];

    private Recall() { }

    public Recall(Item item, IReadOnlyList<Lot> lots, string? reason, RecallSource source, string raisedBy, DateTime raisedAt)
    {
        if (lots.Count == 0)
            throw new DomainValidationException("lotNumbers", ErrorCodes.RecallNoLots);
        if (lots.Any(l => l.ItemId != item.Id))
            throw new DomainValidationException("lotNumbers", ErrorCodes.RecallLotOtherItem, item.Code);
        if (!Enum.IsDefined(source))
            throw new DomainValidationException("source", ErrorCodes.RecallSource);
        ItemId = item.Id;
        Item = item;
        Reason = Item.Require(reason, "reason", ReasonMaxLength);
        Source = source;
        RaisedBy = Item.Require(raisedBy, nameof(raisedBy), 100);
        RaisedAt = DateTime.SpecifyKind(raisedAt, DateTimeKind.Utc);
        // By lot, not number: a directed lot shares its number with the undirected one and is recalled with it.
        foreach (var lot in lots.Distinct())
            _lots.Add(new RecallLot(this, lot));
    }

    public int Id { get; private set; }
    public int ItemId { get; private set; }
    public Item Item { get; private set; } = null!;
    public string Reason { get; private set; } = "";
    public RecallSource Source { get; private set; }
    public string RaisedBy { get; private set; } = "";
    public DateTime RaisedAt { get; private set; }
    public int Version { get; private set; }
    public IReadOnlyList<RecallLot> Lots => _lots;
    public IReadOnlyList<RecallNotice> Notices => _notices;

    public int Confirmed => _notices.Count(n => n.ConfirmedAt is not null);
    public bool IsSetAsideEverywhere => _notices.All(n => n.ConfirmedAt is not null);

    /// <summary>A station that received the lots is told; once per station.</summary>
    public RecallNotice Notify(int locationId, long quantityHeld)
    {
        var notice = _notices.FirstOrDefault(n => n.LocationId == locationId);
        if (notice is not null) return notice;
        notice = new RecallNotice(this, locationId, quantityHeld);
        _notices.Add(notice);
        return notice;
    }

    /// <summary>The station says it has set the goods aside; confirming twice is refused so the first time and person stay.</summary>
    public RecallNotice ConfirmSetAside(int locationId, string by, DateTime at)
    {
        var notice = _notices.FirstOrDefault(n => n.LocationId == locationId)
            ?? throw new DomainRuleException("locationId", ErrorCodes.RecallNotNotified, Id, locationId);
        notice.Confirm(by, at);
        Version++;
        return notice;
    }
}

public sealed class RecallLot
{
    private RecallLot() { }

    internal RecallLot(Recall recall, Lot lot)
    {
        Recall = recall;
        Lot = lot;
        LotId = lot.Id;
    }

    public int Id { get; private set; }
    public int RecallId { get; private set; }
    public Recall Recall { get; private set; } = null!;
    public int LotId { get; private set; }
    public Lot Lot { get; private set; } = null!;
}

/// <summary>One station's part of a recall: what it held when the recall was raised, and when it confirmed setting it aside.</summary>
public sealed class RecallNotice
{
    private RecallNotice() { }

    internal RecallNotice(Recall recall, int locationId, long quantityHeld)
    {
        Recall = recall;
        LocationId = locationId;
        QuantityHeldAtRecall = quantityHeld;
    }

    public int Id { get; private set; }
    public int RecallId { get; private set; }
    public Recall Recall { get; private set; } = null!;
    public int LocationId { get; private set; }
    public long QuantityHeldAtRecall { get; private set; }
    public DateTime? ConfirmedAt { get; private set; }
    public string? ConfirmedBy { get; private set; }

    internal void Confirm(string by, DateTime at)
    {
        if (ConfirmedAt is not null)
            throw new DomainRuleException("locationId", ErrorCodes.RecallAlreadyConfirmed, LocationId);
        ConfirmedBy = Item.Require(by, "confirmedBy", 100);
        ConfirmedAt = DateTime.SpecifyKind(at, DateTimeKind.Utc);
    }
}
