using SupplyTracker.Data;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Donations;

/// <summary>One donation as the first pass over a sheet sees it: its key, its first row and how many rows it has.</summary>
public sealed record ScannedDonation(int DonorId, DateOnly ReceivedOn, string? Reference, int FirstRow, int Rows);

/// <summary>
/// What the first pass over a packing list keeps: the count of rows, the first invalid rows (for the answer), the count of
/// invalid ones, the file's errors and the donations' keys and sizes — not the rows themselves.
/// </summary>
public sealed record PackingListScan(int RowCount, IReadOnlyList<PackingListRow> InvalidRows, int InvalidCount,
    IReadOnlyList<PackingListError> Errors, IReadOnlyList<ScannedDonation> Donations)
{
    public bool IsValid => Errors.Count == 0 && RowCount > 0 && InvalidCount == 0;
    public int LineCount => Donations.Sum(d => d.Rows);
}

/// <summary>
/// A large packing list (the CSV import API: up to 100,000 rows) read more than once from the file, which the caller keeps
/// on disk: the first checks every row and keeps only counts, the first invalid rows and the donations' keys; then, only
/// for a valid file, the <see cref="ImportDonations"/> command reads the rows again into its donations' lines, a batch at a
/// time, as often as it needs (<see cref="DonationsOf"/>). Rows are never all in memory, neither as
/// <see cref="PackingListRow"/>s (about ten strings each) nor as lines. Same checks and messages as
/// <see cref="PackingList.Read"/> (the import page's preview, which shows the rows).
/// </summary>
public static class PackingListImport
{
    /// <summary>The first pass: every row checked, the donations counted, references already recorded looked up.</summary>
    public static async Task<PackingListScan> ScanPackingListAsync(this SupplyTrackerDbContext db, Func<TextReader> open, PackingListContext context,
        int keepInvalid, CancellationToken ct)
    {
        var errors = new List<PackingListError>();
        var invalid = new List<PackingListRow>();
        var invalidCount = 0;
        var rowCount = 0;
        var keys = new Dictionary<(int, DateOnly, string?), int>();
        var donations = new List<ScannedDonation>();
        using (var text = open())
        {
            foreach (var row in PackingList.ReadRows(text, context, errors))
            {
                rowCount++;
                if (!row.IsValid)
                {
                    if (invalidCount++ < keepInvalid) invalid.Add(row);
                    continue;
                }
                var key = (row.DonorId!.Value, row.ReceivedOn!.Value, row.Reference);
                if (keys.TryGetValue(key, out var at))
                    donations[at] = donations[at] with { Rows = donations[at].Rows + 1 };
                else
                {
                    keys.Add(key, donations.Count);
                    donations.Add(new ScannedDonation(key.Item1, key.Item2, key.Reference, row.RowNumber, 1));
                }
            }
        }
        // As PackingList.Read and ReadPackingListAsync: the donations of the valid rows checked when the file itself read
        // well, references already recorded looked up in any case.
        if (errors.Count == 0)
            errors.AddRange(CheckDonations(donations));
        errors.AddRange(await RepeatedAsync(db, donations, ct));
        return new PackingListScan(rowCount, invalid, invalidCount, errors, donations);
    }

    /// <summary>
    /// The donations of a file the first pass found valid, for the <see cref="ImportDonations"/> command: each time they are
    /// read (the validator, then the handler), the file is read again, and a donation is given out as soon as it and every
    /// donation before it have all their rows. In a sheet written donation by donation only one donation's rows wait; rows
    /// that interleave donations hold the donations still open.
    /// </summary>
    public static DonationSource DonationsOf(Func<TextReader> open, PackingListContext context, PackingListScan scan) =>
        scan.IsValid ? new FileDonations(open, context, scan) : throw new InvalidOperationException("Only a packing list without errors can be recorded.");

    private sealed class FileDonations(Func<TextReader> open, PackingListContext context, PackingListScan scan) : DonationSource
    {
        public override int DonationCount => scan.Donations.Count;

        public override int LineCount { get; } = scan.LineCount;

        public override IEnumerable<IReadOnlyList<ImportDonations.Donation>> Batches(int lines) => Cut(Read(), lines);

        private IEnumerable<ImportDonations.Donation> Read()
        {
            var keys = new Dictionary<(int, DateOnly, string?), int>(scan.Donations.Count);
            for (var i = 0; i < scan.Donations.Count; i++)
            {
                var d = scan.Donations[i];
                keys.Add((d.DonorId, d.ReceivedOn, d.Reference), i);
            }
            var lines = new List<RecordDonation.Line>?[scan.Donations.Count];
            var next = 0; // the first donation not yet given out
            var errors = new List<PackingListError>();
            using (var text = open())
            {
                foreach (var row in PackingList.ReadRows(text, context, errors))
                {
                    if (!row.IsValid || !keys.TryGetValue((row.DonorId!.Value, row.ReceivedOn!.Value, row.Reference), out var at) || at < next
                        || (lines[at] ??= new List<RecordDonation.Line>(scan.Donations[at].Rows)).Count == scan.Donations[at].Rows)
                        throw new InvalidOperationException($"Row {row.RowNumber} reads differently the second time.");
                    lines[at]!.Add(row.ToLine());
                    while (next < lines.Length && lines[next] is { } done && done.Count == scan.Donations[next].Rows)
                    {
                        var d = scan.Donations[next];
                        lines[next++] = null;
                        yield return new ImportDonations.Donation(d.DonorId, d.ReceivedOn, d.Reference, done);
                    }
                }
            }
            if (errors.Count > 0) throw new InvalidOperationException("The packing list reads differently the second time: " + errors[0]);
            if (next < lines.Length) throw new InvalidOperationException($"The donation starting at row {scan.Donations[next].FirstRow} reads differently the second time.");
        }
    }

    // As PackingList's own check of its donations: too many lines in one, a reference given to two.
    private static List<PackingListError> CheckDonations(List<ScannedDonation> donations)
    {
        var errors = new List<PackingListError>();
        foreach (var big in donations.Where(d => d.Rows > RecordDonationValidator.MaxLines))
            errors.Add(new("The donation starting at row {0} has {1} rows; a donation can have at most {2}. Give its rows different references.",
                big.FirstRow, big.Rows, RecordDonationValidator.MaxLines));
        foreach (var shared in donations.Where(d => d.Reference is not null).GroupBy(d => d.Reference!, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add(new("The reference {0} names two donations (rows {1} and {2}): a reference belongs to one donor and one day.",
                shared.Key, shared.First().FirstRow, shared.Skip(1).First().FirstRow));
        return errors;
    }

    // A reference already recorded most likely means this file was imported before.
    private static async Task<List<PackingListError>> RepeatedAsync(SupplyTrackerDbContext db, List<ScannedDonation> donations, CancellationToken ct)
    {
        var references = donations.Where(d => d.Reference is not null).Select(d => d.Reference!).ToList();
        var taken = await db.RecordedReferencesAsync(references, ct);
        var repeated = donations.Where(d => d.Reference is not null && taken.Contains(d.Reference)).ToList();
        const int shown = 20;
        var errors = repeated.Take(shown)
            .Select(d => new PackingListError("A donation with the reference {0} (row {1}) is already recorded; was this list imported before?", d.Reference!, d.FirstRow))
            .ToList();
        if (repeated.Count > shown)
            errors.Add(new PackingListError("… and {0} more references already recorded.", repeated.Count - shown));
        return errors;
    }
}
