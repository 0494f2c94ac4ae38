namespace SupplyTracker.Domain.Gs1;

/// <summary>One Application Identifier and its data, as read from the barcode.</summary>
public sealed record Gs1Element(string Ai, string Value);

/// <summary>
/// What a scanned GS1 barcode says: its elements in order, and the ones intake uses read into types. A bare GTIN
/// (EAN-13, UPC-A, EAN-8 or ITF-14 digits) gives a <see cref="Gtin"/> and nothing else.
/// </summary>
public sealed class Gs1ElementString
{
    internal Gs1ElementString(string? symbology, IReadOnlyList<Gs1Element> elements, DateOnly today)
    {
        Symbology = symbology;
        Elements = elements;
        Gtin = Value(ApplicationIdentifiers.Gtin);
        ContainedGtin = Value(ApplicationIdentifiers.ContainedGtin);
        Sscc = Value(ApplicationIdentifiers.Sscc);
        LotNumber = Value(ApplicationIdentifiers.Lot);
        SerialNumber = Value(ApplicationIdentifiers.Serial);
        ExpiresOn = Date(ApplicationIdentifiers.Expiry, today);
        BestBefore = Date(ApplicationIdentifiers.BestBefore, today);
        ProducedOn = Date(ApplicationIdentifiers.ProductionDate, today);
        VariableCount = Count(ApplicationIdentifiers.VariableCount);
        ContainedCount = Count(ApplicationIdentifiers.ContainedCount);
    }

    /// <summary>The symbology identifier the scanner sent (<c>]d2</c>, <c>]C1</c>, <c>]Q3</c>, <c>]E0</c> …), if any.</summary>
    public string? Symbology { get; }
    public IReadOnlyList<Gs1Element> Elements { get; }
    /// <summary>AI (01), or a bare GTIN; always 14 digits.</summary>
    public string? Gtin { get; }
    /// <summary>AI (02): the GTIN of the trade items a logistic unit contains (counted by AI 37).</summary>
    public string? ContainedGtin { get; }
    public string? Sscc { get; }
    public string? LotNumber { get; }
    public string? SerialNumber { get; }
    /// <summary>AI (17); a day of 00 is the last day of the month.</summary>
    public DateOnly? ExpiresOn { get; }
    public DateOnly? BestBefore { get; }
    public DateOnly? ProducedOn { get; }
    /// <summary>AI (30): the number of items in a variable-count trade item.</summary>
    public long? VariableCount { get; }
    /// <summary>AI (37): the number of trade items (of the GTIN in AI 02) in a logistic unit.</summary>
    public long? ContainedCount { get; }

    public string? Value(string ai) => Elements.FirstOrDefault(e => e.Ai == ai)?.Value;

    /// <summary>The human-readable form, <c>(01)09501101020917(17)190508(10)ABCD1234</c>.</summary>
    public override string ToString() => string.Concat(Elements.Select(e => $"({e.Ai}){e.Value}"));

    private DateOnly? Date(string ai, DateOnly today) => Value(ai) is { } v ? Gs1Parser.ParseDate(ai, v, today) : null;

    private long? Count(string ai) => Value(ai) is { } v ? long.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;
}
