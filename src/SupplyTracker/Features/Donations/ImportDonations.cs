using System.Globalization;
using System.Security.Cryptography;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Donations;

/// <summary>
/// Records the donations of a packing list or intake sheet all at once, in one transaction: every donation and line, or
/// nothing. Like <see cref="RecordDonation"/>, nothing enters stock until each donation is inspected.
/// </summary>
/// <param name="Source">Where the lines came from (file name and SHA-256), for the audit log, which records this instead of the lines.</param>
/// <param name="Donations">The donations, read batch by batch: by the validator, then again by the handler, so a 100,000-line
/// sheet spooled to disk is never all in memory at once (<see cref="PackingListImport.DonationsOf"/>).</param>
public sealed record ImportDonations(int ReceivingLocationId, string? Note, string Source,
    [property: NotAudited] DonationSource Donations) : ICommand<DonationsImported>
{
    public const int MaxDonations = 10_000;

    /// <summary>The donations already in memory (the import page's few hundred rows).</summary>
    public ImportDonations(int receivingLocationId, string? note, string source, IReadOnlyList<Donation> donations)
        : this(receivingLocationId, note, source, DonationSource.Of(donations))
    {
    }

    public sealed record Donation(int DonorId, DateOnly ReceivedOn, string? Reference, IReadOnlyList<RecordDonation.Line> Lines);

    /// <summary>A <see cref="Source"/>: how the file came, its size and its SHA-256, which finds the file again.</summary>
    public static string SourceOf(string how, ReadOnlySpan<byte> file) => SourceOf(how, file.Length, SHA256.HashData(file));

    /// <summary>The same for a file hashed as it was read (the import API spools its body to disk).</summary>
    public static string SourceOf(string how, long length, byte[] sha256) =>
        string.Create(CultureInfo.InvariantCulture, $"{how}, {length:N0} bytes, sha256 {Convert.ToHexStringLower(sha256)}");

    /// <summary>Written to the audit log in place of the donations themselves.</summary>
    public int DonationCount => Donations?.DonationCount ?? 0;

    public int LineCount => Donations?.LineCount ?? 0;
}

/// <summary>
/// The donations of an import, known by their counts up front and read in batches of consecutive donations, as often as
/// asked (the validator reads them, then the handler): each batch can be dropped once checked or written.
/// </summary>
public abstract class DonationSource
{
    public abstract int DonationCount { get; }

    public abstract int LineCount { get; }

    /// <summary>Every donation in order, in batches of consecutive donations of at least <paramref name="lines"/> lines
    /// (the last batch may have fewer); a null donation stays in its place.</summary>
    public abstract IEnumerable<IReadOnlyList<ImportDonations.Donation>> Batches(int lines);

    public static DonationSource Of(IReadOnlyList<ImportDonations.Donation> donations) => new InMemory(donations);

    /// <summary>Cuts a sequence of donations into batches of at least <paramref name="lines"/> lines.</summary>
    protected static IEnumerable<IReadOnlyList<ImportDonations.Donation>> Cut(IEnumerable<ImportDonations.Donation> donations, int lines)
    {
        var batch = new List<ImportDonations.Donation>();
        var count = 0;
        foreach (var donation in donations)
        {
            batch.Add(donation);
            count += donation?.Lines?.Count ?? 0;
            if (count < lines) continue;
            yield return batch;
            batch = [];
            count = 0;
        }
        if (batch.Count > 0) yield return batch;
    }

    private sealed class InMemory(IReadOnlyList<ImportDonations.Donation> donations) : DonationSource
    {
        public override int DonationCount => donations?.Count ?? 0;

        public override int LineCount => donations?.Sum(d => d?.Lines?.Count ?? 0) ?? 0;

        public override IEnumerable<IReadOnlyList<ImportDonations.Donation>> Batches(int lines) => Cut(donations ?? [], lines);
    }
}

public sealed record DonationsImported(IReadOnlyList<ImportedDonation> Donations, int LineCount);

public sealed record ImportedDonation(int Id, int DonorId, DateOnly ReceivedOn, string? Reference, int Lines);

public sealed class ImportDonationsValidator : AbstractValidator<ImportDonations>
{
    /// <summary>Lines checked at once: the items and packs of each batch come in one query each.</summary>
    internal const int LinesPerBatch = 5_000;

    public ImportDonationsValidator(SupplyTrackerDbContext db, DeploymentTime time)
    {
        RuleFor(c => c.ReceivingLocationId).Exists<ImportDonations, Location>(db);
        RuleFor(c => c.Note).Note();
        RuleFor(c => c.Source).NotEmpty().MaximumLength(300);
        var donation = DonationRules(time);
        RuleFor(c => c.Donations).Must(d => d is { DonationCount: > 0 }).WithCode(ErrorCodes.LinesRequired)
            .Must(d => d is null || d.DonationCount <= ImportDonations.MaxDonations).WithCode(ErrorCodes.ImportTooManyDonations, ImportDonations.MaxDonations)
            .Must(d => d is null || d.LineCount <= PackingList.MaxRows).WithCode(ErrorCodes.ImportTooManyLines, PackingList.MaxRows)
            .DependentRules(() => RuleFor(c => c.Donations).CustomAsync((source, context, ct) => CheckAsync(db, donation, source, context, ct)));
    }

    // Inline validators (not classes of their own, which the assembly scan would register as validators of these types).
    // The rules of one donation of an import (its lines: DonationLineValidator), as they were when the donations were a list.
    private static InlineValidator<ImportDonations.Donation> DonationRules(DeploymentTime time)
    {
        var rules = new InlineValidator<ImportDonations.Donation>();
        rules.RuleFor(d => d.ReceivedOn).NotInFuture(time);
        rules.RuleFor(d => d.Reference).LotNumber();
        rules.RuleFor(d => d.Lines).NotEmpty().WithCode(ErrorCodes.LinesRequired)
            .Must(l => l is null || l.Count <= RecordDonationValidator.MaxLines)
            .WithCode(ErrorCodes.LinesTooMany, RecordDonationValidator.MaxLines);
        rules.RuleForEach(d => d.Lines).NotNull().SetValidator(DonationLineValidator.Shared);
        return rules;
    }

    // A donation's lines against the items (and packs) of its batch, as failures to put in order with the other checks.
    private sealed record LineCheck(IReadOnlyDictionary<int, Item> Items, IReadOnlyList<RecordDonation.Line> Lines, string Path, bool Packs);

    private static readonly InlineValidator<LineCheck> LineChecks = LineCheckRules();

    private static InlineValidator<LineCheck> LineCheckRules()
    {
        var rules = new InlineValidator<LineCheck>();
        rules.RuleFor(c => c.Lines).Custom((lines, context) =>
        {
            var c = context.InstanceToValidate;
            if (c.Packs) DonationLineValidator.CheckPacks(c.Items, lines, c.Path, context);
            else DonationLineValidator.CheckItems(c.Items, lines, c.Path, context);
        });
        return rules;
    }

    // One pass over the donations, batch by batch: each donation's own rules as it comes (its failures named
    // Donations[i]…), each batch's items and packs in one query each, then donors and references (one query each, however
    // many donations). The failures come out as they did when the whole list was in memory: every donation's own rules
    // first, then the checks against the database, donation by donation.
    private static async Task CheckAsync(SupplyTrackerDbContext db, InlineValidator<ImportDonations.Donation> rules, DonationSource source,
        ValidationContext<ImportDonations> context, CancellationToken ct)
    {
        var checks = new List<(int Donation, int Kind, ValidationFailure Failure)>();
        var donorIds = new List<(int Donation, int DonorId)>();
        var references = new List<(int Donation, string Reference)>();
        var i = 0;
        foreach (var batch in source.Batches(LinesPerBatch))
        {
            var first = i;
            foreach (var donation in batch)
            {
                var at = $"Donations[{i}]";
                if (donation is null)
                    context.AddFailure(new ValidationFailure(at, "'Donations' must not be empty.") { ErrorCode = "NotNullValidator" });
                else
                {
                    foreach (var failure in (await rules.ValidateAsync(donation, ct)).Errors)
                    {
                        failure.PropertyName = $"{at}.{failure.PropertyName}";
                        context.AddFailure(failure);
                    }
                    donorIds.Add((i, donation.DonorId));
                    if (donation.Reference?.Trim() is { Length: > 0 } reference) references.Add((i, reference));
                }
                i++;
            }
            var lines = batch.Where(d => d?.Lines is not null).SelectMany(d => d.Lines).Where(l => l is not null).ToList();
            var items = await db.ItemsAsync(lines.Select(l => l.ItemId), ct);
            await RecordDonationHandler.LoadPacksAsync(db, lines, ct);
            for (var k = 0; k < batch.Count; k++)
            {
                if (batch[k]?.Lines is not { } donationLines) continue;
                var path = $"Donations[{first + k}].Lines";
                checks.AddRange(LineChecks.Validate(new LineCheck(items, donationLines, path, Packs: false)).Errors.Select(f => (first + k, 2, f)));
                checks.AddRange(LineChecks.Validate(new LineCheck(items, donationLines, path, Packs: true)).Errors.Select(f => (first + k, 3, f)));
            }
        }

        var wantedDonors = donorIds.Select(d => d.DonorId).Distinct().ToList();
        var donors = (await db.Donors.Where(d => wantedDonors.Contains(d.Id)).Select(d => d.Id).ToListAsync(ct)).ToHashSet();
        foreach (var (donation, donorId) in donorIds.Where(d => !donors.Contains(d.DonorId)))
            checks.Add((donation, 0, new ValidationFailure($"Donations[{donation}].DonorId", $"'donorId' {donorId} does not name an existing donor.")));
        var taken = await db.RecordedReferencesAsync([.. references.Select(r => r.Reference)], ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (donation, reference) in references)
        {
            if (taken.Contains(reference))
                checks.Add((donation, 1, new ValidationFailure($"Donations[{donation}].Reference", $"A donation with the reference {reference} is already recorded.")));
            else if (!seen.Add(reference))
                checks.Add((donation, 1, new ValidationFailure($"Donations[{donation}].Reference", $"The reference {reference} is given to two donations of this import.")));
        }
        // OrderBy is stable: within a donation and a kind, the failures keep their line order.
        foreach (var check in checks.OrderBy(c => c.Donation).ThenBy(c => c.Kind))
            context.AddFailure(check.Failure);
    }
}

public sealed class ImportDonationsHandler(SupplyTrackerDbContext db, StockLedger ledger) : ICommandHandler<ImportDonations, DonationsImported>
{
    /// <summary>Lines written at once: each batch's entities (and the donations they hang on) go once written.</summary>
    private const int LinesPerBatch = 5_000;

    public async ValueTask<DonationsImported> Handle(ImportDonations command, CancellationToken cancellationToken)
    {
        var imported = new List<ImportedDonation>(command.Donations.DonationCount);
        var lineCount = 0;
        // The donations a batch at a time from the source (a spooled file is read again): a 100,000-line import never holds
        // all its lines, nor all its DonationLine entities, at once. The donations through EF (their ids come back), then
        // their lines in bulk: the domain still builds and checks every line, but they do not pass through the change tracker.
        foreach (var batch in command.Donations.Batches(LinesPerBatch))
        {
            var items = await db.ItemsAsync(batch.SelectMany(d => d.Lines).Select(l => l.ItemId), cancellationToken);
            var donations = batch
                .Select(d => new Donation(d.DonorId, command.ReceivingLocationId, d.ReceivedOn, command.Note, ledger.User, ledger.Now, d.Reference))
                .ToList();
            db.Donations.AddRange(donations);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var donation in donations)
                db.Entry(donation).State = EntityState.Detached;

            var lines = new List<DonationLine>(LinesPerBatch + RecordDonationValidator.MaxLines);
            for (var i = 0; i < donations.Count; i++)
            {
                var added = RecordDonationHandler.AddLines(donations[i], batch[i].Lines, items);
                lines.AddRange(added);
                imported.Add(new ImportedDonation(donations[i].Id, donations[i].DonorId, donations[i].ReceivedOn, donations[i].Reference, added.Count));
            }
            await db.InsertAsync(lines, cancellationToken);
            lineCount += lines.Count;
        }
        return new DonationsImported(imported, lineCount);
    }
}
