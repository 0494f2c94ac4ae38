using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Donations;

/// <summary>An item as the packing list sees it: found by its code, with or without lot and expiry.</summary>
public sealed record PackingListItem(int Id, string Code, bool TracksExpiry);

/// <summary>
/// What a packing list is read against: the catalog, the donors (by id or by exact name, case-insensitive), and the values
/// for the donor, received date and reference of rows whose file leaves those columns out or blank.
/// </summary>
public sealed record PackingListContext(
    IReadOnlyDictionary<string, PackingListItem> ItemsByCode,
    IReadOnlyDictionary<string, int> DonorsByKey,
    int? DonorId,
    DateOnly ReceivedOn,
    string? Reference,
    DateOnly Today)
{
    public static Dictionary<string, PackingListItem> ItemKeys(IEnumerable<PackingListItem> items) =>
        items.ToDictionary(i => i.Code.ToUpperInvariant());

    /// <summary>Donors by id ("12") and by name; a name two donors share is left out, so it cannot pick the wrong one.</summary>
    public static Dictionary<string, int> DonorKeys(IEnumerable<(int Id, string Name)> donors)
    {
        var list = donors.ToList();
        var keys = list.ToDictionary(d => d.Id.ToString(CultureInfo.InvariantCulture), d => d.Id);
        foreach (var group in list.GroupBy(d => d.Name.Trim().ToUpperInvariant()).Where(g => g.Count() == 1))
            keys.TryAdd(group.Key, group.Single().Id);
        return keys;
    }
}

/// <summary>Why a row cannot be recorded: the column at fault and an (untranslated) message.</summary>
public sealed record RowError(string Column, string Message);

/// <summary>A problem with the file as a whole; <see cref="Format"/> is the untranslated text, <see cref="Args"/> fill it.</summary>
public sealed record PackingListError(string Format, params object[] Args)
{
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, Format, Args);
}

/// <summary>One CSV row read and checked; <see cref="Errors"/> holds the reasons it cannot be recorded.</summary>
public sealed record PackingListRow(int RowNumber, string ItemCode, PackingListItem? Item, string QuantityText, long? Quantity,
    string? LotNumber, string ExpiresOnText, DateOnly? ExpiresOn, string DeclaredValueText, decimal? DeclaredValue,
    string DonorText, int? DonorId, string ReceivedOnText, DateOnly? ReceivedOn, string? Reference, IReadOnlyList<RowError> Errors)
{
    public bool IsValid => Errors.Count == 0;
    /// <summary>How the value was set (column valueBasis: declared / appraised, or 申報 / 估價); declared when left blank.</summary>
    public ValueBasis? ValueBasis { get; init; }
    public string? ValueNote { get; init; }

    public RecordDonation.Line ToLine() => new(Item!.Id, Quantity!.Value, LotNumber, ExpiresOn, DeclaredValue, ValueBasis: ValueBasis, ValueNote: ValueNote);
}

/// <summary>
/// A packing list as CSV. Columns itemCode and quantity are required; lotNumber, expiresOn (yyyy-MM-dd) and declaredValue
/// describe the goods (valueBasis declared/appraised and valueNote say how the value was set); donor (id or name), receivedOn and reference are optional and fall back to the values chosen for the
/// whole file. Rows with the same donor, received date and reference make one donation, so one file can carry a single
/// donor's list or a whole intake sheet of many donations.
/// </summary>
public sealed record PackingList(IReadOnlyList<PackingListRow> Rows, IReadOnlyList<PackingListError> Errors)
{
    /// <summary>The most rows one file may carry (an intake sheet of a city's backlog; 100,000 rows is about 5 MB).</summary>
    public const int MaxRows = 100_000;
    public static readonly string[] Columns = ["itemCode", "quantity", "lotNumber", "expiresOn", "declaredValue", "donor", "receivedOn", "reference", "valueBasis", "valueNote"];

    private IReadOnlyList<DonationGroup>? _donations;

    public bool IsValid => Errors.Count == 0 && Rows.Count > 0 && Rows.All(r => r.IsValid);

    /// <summary>The donations the valid rows make, in the order they first appear.</summary>
    public IReadOnlyList<DonationGroup> Donations => _donations ??= Group(Rows.Where(r => r.IsValid));

    /// <summary>The donations to record; only for a valid list.</summary>
    public IReadOnlyList<ImportDonations.Donation> ToDonations() => IsValid
        ? [.. Donations.Select(d => new ImportDonations.Donation(d.DonorId, d.ReceivedOn, d.Reference, [.. d.Rows.Select(r => r.ToLine())]))]
        : throw new InvalidOperationException("Only a packing list without errors can be recorded.");

    public static PackingList Read(TextReader reader, PackingListContext context)
    {
        var rows = new List<PackingListRow>();
        var errors = new List<PackingListError>();
        rows.AddRange(ReadRows(reader, context, errors));
        if (errors.Count > 0) return new PackingList(rows, errors);
        var list = new PackingList(rows, []);
        return list with { Errors = CheckDonations(list.Donations) };
    }

    /// <summary>
    /// The rows one at a time, as the file is read (an import streams them: a 100,000-row sheet is never all in memory as
    /// rows). A problem with the file as a whole (no header, too many rows, not CSV, no rows) goes to <paramref name="errors"/>
    /// and ends the rows.
    /// </summary>
    public static IEnumerable<PackingListRow> ReadRows(TextReader reader, PackingListContext context, List<PackingListError> errors)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            DetectDelimiter = true,
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
            BadDataFound = null,
            // A short row (or an unclosed quote that swallows the rest of the file) reads its missing cells as blank.
            MissingFieldFound = null,
        };
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader())
        {
            errors.Add(new("The file is empty."));
            yield break;
        }
        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToHashSet();
        if (!header.Contains("itemcode") || !header.Contains("quantity"))
        {
            errors.Add(new("The header must name the columns itemCode, quantity, lotNumber, expiresOn, declaredValue."));
            yield break;
        }
        var index = Columns.ToDictionary(c => c, c => header.Contains(c.ToLowerInvariant()) ? c.ToLowerInvariant() : null);
        string Field(string name) => index[name] is { } column ? csv.GetField(column)?.Trim() ?? "" : "";

        var count = 0;
        while (true)
        {
            PackingListRow row;
            try
            {
                if (!csv.Read()) break;
                if (count == MaxRows)
                {
                    errors.Add(new("A packing list can have at most {0} rows; split the file.", MaxRows.ToString("N0", CultureInfo.InvariantCulture)));
                    yield break;
                }
                row = ReadRow(csv.Parser.Row, Field("itemCode"), Field("quantity"), Field("lotNumber"), Field("expiresOn"), Field("declaredValue"),
                    Field("donor"), Field("receivedOn"), Field("reference"), context, Field("valueBasis"), Field("valueNote"));
            }
            catch (CsvHelperException)
            {
                errors.Add(new("The file cannot be read as CSV after row {0}.", count + 1));
                yield break;
            }
            count++;
            yield return row;
        }
        if (count == 0) errors.Add(new("The file has no rows."));
    }

    private static PackingListRow ReadRow(int rowNumber, string code, string quantityText, string lot, string expiresText, string valueText,
        string donorText, string receivedText, string referenceText, PackingListContext context, string basisText = "", string noteText = "")
    {
        var errors = new List<RowError>();
        var item = context.ItemsByCode.GetValueOrDefault(code.ToUpperInvariant());
        if (item is null) errors.Add(new("itemCode", "Unknown item code."));

        long? quantity = decimal.TryParse(quantityText, NumberStyles.Number, CultureInfo.InvariantCulture, out var q)
            && q > 0 && q <= Domain.Quantity.Max && q == decimal.Truncate(q) ? (long)q : null;
        if (quantity is null) errors.Add(new("quantity", "Quantity must be a whole number from 1 to 1,000,000,000."));

        if (!IsPlainText(lot, Lot.MaxNumberLength)) errors.Add(new("lotNumber", "Lot number must be at most 64 characters, without control characters."));

        DateOnly? expiresOn = null;
        if (expiresText.Length > 0)
        {
            if (DateOnly.TryParseExact(expiresText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var e) && e >= ValidationRules.EarliestDate)
                expiresOn = e;
            else errors.Add(new("expiresOn", "Expiry date must be written yyyy-MM-dd."));
        }

        decimal? declared = null;
        if (valueText.Length > 0)
        {
            if (decimal.TryParse(valueText, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && v >= 0 && v <= ValidationRules.MaxDeclaredValue) declared = v;
            else errors.Add(new("declaredValue", "Declared value must be a number of zero or more."));
        }

        ValueBasis? basis = null;
        switch (basisText.ToLowerInvariant())
        {
            case "": break;
            case "declared" or "申報" or "申报": basis = Domain.ValueBasis.Declared; break;
            case "appraised" or "估價" or "估价": basis = Domain.ValueBasis.Appraised; break;
            default: errors.Add(new("valueBasis", "Value basis must be declared or appraised.")); break;
        }
        if (!IsPlainText(noteText, DonationLine.MaxValueNoteLength))
            errors.Add(new("valueNote", "Value note must be at most 200 characters, without control characters."));
        if (valueText.Length == 0 && (basisText.Length > 0 || noteText.Length > 0))
            errors.Add(new("valueBasis", "A value basis or note needs a declared value."));

        foreach (var missing in Lot.Missing(item is { TracksExpiry: true }, lot.Length > 0, expiresText.Length > 0))
            errors.Add(new(missing, missing == "lotNumber" ? "This item needs a lot number." : "This item needs an expiry date."));

        int? donorId = context.DonorId;
        if (donorText.Length > 0)
        {
            donorId = context.DonorsByKey.TryGetValue(donorText.ToUpperInvariant(), out var id) ? id : null;
            if (donorId is null) errors.Add(new("donor", "Unknown donor: give the donor's id or exact name."));
        }
        else if (donorId is null) errors.Add(new("donor", "No donor: choose one for the whole file or name one in the donor column."));

        DateOnly? receivedOn = context.ReceivedOn;
        if (receivedText.Length > 0)
            receivedOn = DateOnly.TryParseExact(receivedText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var r) ? r : null;
        if (receivedOn is null) errors.Add(new("receivedOn", "Received date must be written yyyy-MM-dd."));
        else if (receivedOn > context.Today.AddDays(1) || receivedOn < ValidationRules.EarliestDate)
        {
            errors.Add(new("receivedOn", receivedOn < ValidationRules.EarliestDate ? "Received date must be on or after 2000-01-01." : "Received date cannot be in the future."));
            receivedOn = null;
        }

        var reference = referenceText.Length > 0 ? referenceText : context.Reference?.Trim();
        if (!IsPlainText(reference ?? "", Donation.MaxReferenceLength)) errors.Add(new("reference", "Reference must be at most 64 characters, without control characters."));

        return new PackingListRow(rowNumber, code, item, quantityText, quantity, lot.Length == 0 ? null : lot, expiresText, expiresOn, valueText, declared,
            donorText, donorId, receivedText, receivedOn, string.IsNullOrEmpty(reference) ? null : reference, errors)
        {
            ValueBasis = declared is null ? null : basis,
            ValueNote = noteText.Length == 0 ? null : noteText,
        };
    }

    private static bool IsPlainText(string text, int maxLength) =>
        text.Length <= maxLength && !text.Any(char.IsControl) && UnicodeText.IsWellFormed(text);

    private static List<DonationGroup> Group(IEnumerable<PackingListRow> rows) =>
        [.. rows.GroupBy(r => (r.DonorId!.Value, r.ReceivedOn!.Value, r.Reference))
            .Select(g => new DonationGroup(g.Key.Item1, g.Key.Item2, g.Key.Reference, [.. g]))];

    private static List<PackingListError> CheckDonations(IReadOnlyList<DonationGroup> donations)
    {
        var errors = new List<PackingListError>();
        foreach (var big in donations.Where(d => d.Rows.Count > RecordDonationValidator.MaxLines))
            errors.Add(new("The donation starting at row {0} has {1} rows; a donation can have at most {2}. Give its rows different references.",
                big.Rows[0].RowNumber, big.Rows.Count, RecordDonationValidator.MaxLines));
        foreach (var shared in donations.Where(d => d.Reference is not null).GroupBy(d => d.Reference!, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add(new("The reference {0} names two donations (rows {1} and {2}): a reference belongs to one donor and one day.",
                shared.Key, shared.First().Rows[0].RowNumber, shared.Skip(1).First().Rows[0].RowNumber));
        return errors;
    }
}

/// <summary>The rows of one donation in a packing list.</summary>
public sealed record DonationGroup(int DonorId, DateOnly ReceivedOn, string? Reference, IReadOnlyList<PackingListRow> Rows)
{
    public long TotalQuantity => Rows.Sum(r => r.Quantity ?? 0);
}

public static class PackingListReading
{
    /// <summary>Reads a packing list against the current catalog and donors.</summary>
    public static async Task<PackingList> ReadPackingListAsync(this Data.SupplyTrackerDbContext db, TextReader text, int? donorId, DateOnly receivedOn,
        string? reference, DeploymentTime time, CancellationToken ct)
    {
        var context = await db.PackingListContextAsync(donorId, receivedOn, reference, time, ct);
        var list = PackingList.Read(text, context);
        // A reference already recorded most likely means this file was imported before.
        var references = list.Donations.Where(d => d.Reference is not null).Select(d => d.Reference!).ToList();
        var taken = await db.RecordedReferencesAsync(references, ct);
        var repeated = list.Donations.Where(d => d.Reference is not null && taken.Contains(d.Reference)).ToList();
        if (repeated.Count == 0) return list;
        const int shown = 20;
        return list with
        {
            Errors = [.. list.Errors,
                .. repeated.Take(shown).Select(d => new PackingListError("A donation with the reference {0} (row {1}) is already recorded; was this list imported before?",
                    d.Reference!, d.Rows[0].RowNumber)),
                .. repeated.Count > shown ? [new PackingListError("… and {0} more references already recorded.", repeated.Count - shown)] : Array.Empty<PackingListError>()],
        };
    }

    /// <summary>The catalog and donors a packing list is read against, with the values chosen for the whole file.</summary>
    public static async Task<PackingListContext> PackingListContextAsync(this Data.SupplyTrackerDbContext db, int? donorId, DateOnly receivedOn,
        string? reference, DeploymentTime time, CancellationToken ct)
    {
        var items = await db.Items.AsNoTracking().Select(i => new PackingListItem(i.Id, i.Code, i.TracksExpiry)).ToListAsync(ct);
        var donors = await db.Donors.AsNoTracking().Select(d => new { d.Id, d.Name }).ToListAsync(ct);
        return new PackingListContext(PackingListContext.ItemKeys(items), PackingListContext.DonorKeys(donors.Select(d => (d.Id, d.Name))),
            donorId, receivedOn, string.IsNullOrWhiteSpace(reference) ? null : reference.Trim(), time.Today);
    }
}
