namespace SupplyTracker.Domain.Gs1;

public enum Gs1DataKind
{
    /// <summary>Digits only.</summary>
    Numeric,
    /// <summary>Digits only, the last one a GS1 mod-10 check digit (GTIN, SSCC, GLN).</summary>
    NumericWithCheckDigit,
    /// <summary>YYMMDD; DD may be 00 where the AI allows it (then it means the last day of the month).</summary>
    Date,
    /// <summary>GS1 AI encodable character set 82.</summary>
    Alphanumeric,
}

/// <summary>One GS1 Application Identifier: its data format and whether its length is predefined (no FNC1 after it).</summary>
public sealed record ApplicationIdentifier(string Ai, string Title, Gs1DataKind Kind, int MinLength, int MaxLength, bool DayZeroAllowed = false)
{
    public bool IsFixedLength => MinLength == MaxLength;

    /// <summary>
    /// The GS1 General Specifications' table of element strings with a predefined length (by the AI's first two digits):
    /// only these may be followed by the next AI without an FNC1 separator.
    /// </summary>
    public bool HasPredefinedLength => PredefinedLengthPrefixes.Contains(Ai[..2]);

    private static readonly HashSet<string> PredefinedLengthPrefixes =
        ["00", "01", "02", "03", "04", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "31", "32", "33", "34", "35", "36", "41"];
}

/// <summary>The Application Identifiers this app reads (the ones found on medical supplies and their cartons, and the
/// fixed-length ones it must step over); any other AI is refused as unknown rather than guessed at.</summary>
public static class ApplicationIdentifiers
{
    public const string Sscc = "00", Gtin = "01", ContainedGtin = "02", Lot = "10", ProductionDate = "11", DueDate = "12",
        PackagingDate = "13", BestBefore = "15", SellBy = "16", Expiry = "17", Variant = "20", Serial = "21",
        VariableCount = "30", ContainedCount = "37";

    private static readonly Dictionary<string, ApplicationIdentifier> Table = Build();

    public static ApplicationIdentifier? Find(string ai) => Table.GetValueOrDefault(ai);

    private static Dictionary<string, ApplicationIdentifier> Build()
    {
        var list = new List<ApplicationIdentifier>
        {
            new(Sscc, "SSCC", Gs1DataKind.NumericWithCheckDigit, 18, 18),
            new(Gtin, "GTIN", Gs1DataKind.NumericWithCheckDigit, 14, 14),
            new(ContainedGtin, "CONTENT", Gs1DataKind.NumericWithCheckDigit, 14, 14),
            new(Lot, "BATCH/LOT", Gs1DataKind.Alphanumeric, 1, 20),
            new(ProductionDate, "PROD DATE", Gs1DataKind.Date, 6, 6, DayZeroAllowed: true),
            new(DueDate, "DUE DATE", Gs1DataKind.Date, 6, 6, DayZeroAllowed: true),
            new(PackagingDate, "PACK DATE", Gs1DataKind.Date, 6, 6, DayZeroAllowed: true),
            new(BestBefore, "BEST BEFORE or BEST BY", Gs1DataKind.Date, 6, 6, DayZeroAllowed: true),
            new(SellBy, "SELL BY", Gs1DataKind.Date, 6, 6, DayZeroAllowed: true),
            new(Expiry, "USE BY or EXPIRY", Gs1DataKind.Date, 6, 6, DayZeroAllowed: true),
            new(Variant, "VARIANT", Gs1DataKind.Numeric, 2, 2),
            new(Serial, "SERIAL", Gs1DataKind.Alphanumeric, 1, 20),
            new("22", "CPV", Gs1DataKind.Alphanumeric, 1, 20),
            new("240", "ADDITIONAL ID", Gs1DataKind.Alphanumeric, 1, 30),
            new("241", "CUST. PART No.", Gs1DataKind.Alphanumeric, 1, 30),
            new("250", "SECONDARY SERIAL", Gs1DataKind.Alphanumeric, 1, 30),
            new("251", "REF. TO SOURCE", Gs1DataKind.Alphanumeric, 1, 30),
            new(VariableCount, "VAR. COUNT", Gs1DataKind.Numeric, 1, 8),
            new(ContainedCount, "COUNT", Gs1DataKind.Numeric, 1, 8),
            new("400", "ORDER NUMBER", Gs1DataKind.Alphanumeric, 1, 30),
            new("401", "GINC", Gs1DataKind.Alphanumeric, 1, 30),
            new("402", "GSIN", Gs1DataKind.NumericWithCheckDigit, 17, 17),
            new("403", "ROUTE", Gs1DataKind.Alphanumeric, 1, 30),
            new("420", "SHIP TO POST", Gs1DataKind.Alphanumeric, 1, 20),
            new("422", "ORIGIN", Gs1DataKind.Numeric, 3, 3),
            new("7003", "EXPIRY TIME", Gs1DataKind.Numeric, 10, 10),
            new("90", "INTERNAL", Gs1DataKind.Alphanumeric, 1, 30),
        };
        // GLNs: ship to, bill to, purchased from, ship for, physical location, invoicing party, production, extension.
        for (var i = 0; i <= 7; i++) list.Add(new($"41{i}", "GLN", Gs1DataKind.NumericWithCheckDigit, 13, 13));
        // Trade and logistic measures (net weight, length, area, volume …): four digits, the fourth the decimal places.
        for (var prefix = 310; prefix <= 369; prefix++)
            for (var decimals = 0; decimals <= 5; decimals++)
                list.Add(new($"{prefix}{decimals}", "MEASURE", Gs1DataKind.Numeric, 6, 6));
        for (var i = 91; i <= 99; i++) list.Add(new($"{i}", "INTERNAL", Gs1DataKind.Alphanumeric, 1, 90));
        return list.ToDictionary(a => a.Ai);
    }
}
