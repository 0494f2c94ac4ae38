namespace SupplyTracker.Domain;

/// <summary>What a station used on one day; lots are drawn earliest-expiry first.</summary>
public sealed class ConsumptionReport
{
    private readonly List<ConsumptionLine> _lines = [];

    private ConsumptionReport() { }

    public ConsumptionReport(int locationId, DateOnly consumedOn, string? note, string recordedBy, DateTime recordedAt)
    {
        LocationId = locationId;
        ConsumedOn = consumedOn;
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        RecordedBy = recordedBy;
        RecordedAt = DateTime.SpecifyKind(recordedAt, DateTimeKind.Utc);
    }

    public int Id { get; private set; }
    public int LocationId { get; private set; }
    public DateOnly ConsumedOn { get; private set; }
    public string? Note { get; private set; }
    public string RecordedBy { get; private set; } = "";
    public DateTime RecordedAt { get; private set; }
    public IReadOnlyList<ConsumptionLine> Lines => _lines;

    public void AddLine(int itemId, long quantity)
    {
        if (_lines.Any(l => l.ItemId == itemId))
            throw new DomainValidationException("lines", ErrorCodes.ConsumptionItemRepeated);
        _lines.Add(new ConsumptionLine(itemId, Quantity.Ensure(quantity)));
    }
}

public sealed class ConsumptionLine
{
    private ConsumptionLine() { }

    internal ConsumptionLine(int itemId, long quantity)
    {
        ItemId = itemId;
        Quantity = quantity;
    }

    public int Id { get; private set; }
    public int ConsumptionReportId { get; private set; }
    public int ItemId { get; private set; }
    public long Quantity { get; private set; }
}
