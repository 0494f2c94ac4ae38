namespace SupplyTracker.Domain;

public enum AlertKind { Expiring, BelowReorderLevel, LowCover, RequestWaiting, RecallNotice }

/// <summary>Who can act on an alert: logistics for the warehouse's stock and the requests, a station for its own location.</summary>
public enum AlertAudience { Warehouse, Station }

/// <summary>
/// Something a person should act on. Raised at most once per <see cref="DedupKey"/> (subject + threshold, unique in the
/// schema), so evaluating the rules again never repeats one, and a dismissed alert stays dismissed.
/// </summary>
public sealed class Alert
{
    public const int DedupKeyMaxLength = 120;

    private Alert() { }

    public Alert(AlertKind kind, AlertAudience audience, int locationId, string dedupKey, DateTime raisedAt,
        int? itemId = null, int? lotId = null, int? threshold = null, int? allocationRequestId = null, int? recallId = null, DateOnly? dueOn = null)
    {
        Kind = kind;
        Audience = audience;
        LocationId = locationId;
        DedupKey = Item.Require(dedupKey, nameof(dedupKey), DedupKeyMaxLength);
        RaisedAt = DateTime.SpecifyKind(raisedAt, DateTimeKind.Utc);
        ItemId = itemId;
        LotId = lotId;
        Threshold = threshold;
        AllocationRequestId = allocationRequestId;
        RecallId = recallId;
        DueOn = dueOn;
    }

    public static string KeyFor(AlertKind kind, AlertAudience audience, int locationId, string subject, int? threshold = null) =>
        threshold is { } t ? $"{kind}:{audience}:{locationId}:{subject}:{t}" : $"{kind}:{audience}:{locationId}:{subject}";

    /// <summary>The tightest of 30/60/90 days a lot expiring on <paramref name="expiresOn"/> has crossed, or null.</summary>
    public static int? ExpiryThreshold(DateOnly expiresOn, DateOnly today, IReadOnlyList<int> thresholds)
    {
        var days = expiresOn.DayNumber - today.DayNumber;
        if (days < 0) return null;
        return thresholds.Order().Cast<int?>().FirstOrDefault(t => days <= t);
    }

    public long Id { get; private set; }
    public AlertKind Kind { get; private set; }
    public AlertAudience Audience { get; private set; }
    /// <summary>The location the alert is about: the warehouse for logistics' alerts, the station's own for a station's.</summary>
    public int LocationId { get; private set; }
    public int? ItemId { get; private set; }
    public int? LotId { get; private set; }
    /// <summary>The threshold crossed: days to expiry, days of cover, hours waiting.</summary>
    public int? Threshold { get; private set; }
    public int? AllocationRequestId { get; private set; }
    public int? RecallId { get; private set; }
    public DateOnly? DueOn { get; private set; }
    public string DedupKey { get; private set; } = "";
    public DateTime RaisedAt { get; private set; }
    public DateTime? DismissedAt { get; private set; }
    public string? DismissedBy { get; private set; }
    /// <summary>When the daily digest carried it; each alert is mailed once.</summary>
    public DateTime? MailedAt { get; private set; }
    public int Version { get; private set; }

    public bool IsOpen => DismissedAt is null;

    public void Dismiss(string by, DateTime at)
    {
        if (DismissedAt is not null)
            throw new DomainRuleException("alert", ErrorCodes.AlertAlreadyDismissed, Id, DismissedBy);
        DismissedBy = Item.Require(by, "dismissedBy", 100);
        DismissedAt = DateTime.SpecifyKind(at, DateTimeKind.Utc);
        Version++;
    }

    public void MarkMailed(DateTime at) => MailedAt ??= DateTime.SpecifyKind(at, DateTimeKind.Utc);
}
