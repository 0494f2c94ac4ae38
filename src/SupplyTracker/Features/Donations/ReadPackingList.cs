using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace SupplyTracker.Features.Donations;

/// <summary>An item as the packing list sees it: found by its code, with or without lot and expiry.</summary>
public sealed record PackingListItem(int Id, string Code, bool TracksExpiry);

/// <summary>One CSV row read and checked; <see cref="Errors"/> holds the (untranslated) reasons it cannot be recorded.</summary>
public sealed record PackingListRow(int RowNumber, string ItemCode, PackingListItem? Item, string QuantityText, decimal? Quantity,
    string? LotNumber, string ExpiresOnText, DateOnly? ExpiresOn, string DeclaredValueText, decimal? DeclaredValue, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public RecordDonation.Line ToLine() => new(Item!.Id, Quantity!.Value, LotNumber, ExpiresOn, DeclaredValue);
}

/// <summary>A donor's packing list: columns itemCode, quantity, lotNumber, expiresOn (yyyy-MM-dd), declaredValue; the header names them.</summary>
public sealed record PackingList(IReadOnlyList<PackingListRow> Rows, IReadOnlyList<string> Errors)
{
    public const int MaxRows = RecordDonationValidator.MaxLines;
    public static readonly string[] Columns = ["itemCode", "quantity", "lotNumber", "expiresOn", "declaredValue"];

    public bool IsValid => Errors.Count == 0 && Rows.Count > 0 && Rows.All(r => r.IsValid);

    public static PackingList Read(TextReader reader, IReadOnlyDictionary<string, PackingListItem> itemsByCode)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            DetectDelimiter = true,
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
            BadDataFound = null,
        };
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader())
            return new PackingList([], ["The file is empty."]);
        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToHashSet();
        var missing = Columns.Take(2).Where(c => !header.Contains(c.ToLowerInvariant())).ToList();
        if (missing.Count > 0)
            return new PackingList([], ["The header must name the columns itemCode, quantity, lotNumber, expiresOn, declaredValue."]);

        var rows = new List<PackingListRow>();
        while (csv.Read())
        {
            if (rows.Count == MaxRows)
                return new PackingList(rows, [$"A packing list can have at most {MaxRows} rows."]);
            string Field(string name) => header.Contains(name.ToLowerInvariant()) ? csv.GetField(name.ToLowerInvariant())?.Trim() ?? "" : "";
            rows.Add(ReadRow(csv.Parser.Row, Field("itemCode"), Field("quantity"), Field("lotNumber"), Field("expiresOn"), Field("declaredValue"), itemsByCode));
        }
        return new PackingList(rows, rows.Count == 0 ? ["The file has no rows."] : []);
    }

    private static PackingListRow ReadRow(int rowNumber, string code, string quantityText, string lot, string expiresText, string valueText,
        IReadOnlyDictionary<string, PackingListItem> itemsByCode)
    {
        var errors = new List<string>();
        var item = itemsByCode.GetValueOrDefault(code.ToUpperInvariant());
        if (item is null) errors.Add("Unknown item code.");

        decimal? quantity = decimal.TryParse(quantityText, NumberStyles.Number, CultureInfo.InvariantCulture, out var q) ? q : null;
        if (quantity is not { } n || n <= 0 || n != decimal.Truncate(n))
        {
            errors.Add("Quantity must be a whole number greater than zero.");
            quantity = null;
        }

        DateOnly? expiresOn = null;
        if (expiresText.Length > 0)
        {
            if (DateOnly.TryParseExact(expiresText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var e)) expiresOn = e;
            else errors.Add("Expiry date must be written yyyy-MM-dd.");
        }

        decimal? declared = null;
        if (valueText.Length > 0)
        {
            if (decimal.TryParse(valueText, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && v >= 0) declared = v;
            else errors.Add("Declared value must be a number of zero or more.");
        }

        if (item is { TracksExpiry: true })
        {
            if (lot.Length == 0) errors.Add("This item needs a lot number.");
            if (expiresText.Length == 0) errors.Add("This item needs an expiry date.");
        }
        return new PackingListRow(rowNumber, code, item, quantityText, quantity, lot.Length == 0 ? null : lot, expiresText, expiresOn, valueText, declared, errors);
    }
}
