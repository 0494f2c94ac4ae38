using System.Globalization;
using System.Security.Cryptography;
using FluentValidation;
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
public sealed record ImportDonations(int ReceivingLocationId, string? Note, string Source,
    [property: NotAudited] IReadOnlyList<ImportDonations.Donation> Donations) : ICommand<DonationsImported>
{
    public const int MaxDonations = 10_000;

    public sealed record Donation(int DonorId, DateOnly ReceivedOn, string? Reference, IReadOnlyList<RecordDonation.Line> Lines);

    /// <summary>A <see cref="Source"/>: how the file came, its size and its SHA-256, which finds the file again.</summary>
    public static string SourceOf(string how, ReadOnlySpan<byte> file) => SourceOf(how, file.Length, SHA256.HashData(file));

    /// <summary>The same for a file hashed as it was read (the import API spools its body to disk).</summary>
    public static string SourceOf(string how, long length, byte[] sha256) =>
        string.Create(CultureInfo.InvariantCulture, $"{how}, {length:N0} bytes, sha256 {Convert.ToHexStringLower(sha256)}");

    /// <summary>Written to the audit log in place of the donations themselves.</summary>
    public int DonationCount => Donations?.Count ?? 0;

    public int LineCount => Donations?.Sum(d => d.Lines?.Count ?? 0) ?? 0;
}

public sealed record DonationsImported(IReadOnlyList<ImportedDonation> Donations, int LineCount);

public sealed record ImportedDonation(int Id, int DonorId, DateOnly ReceivedOn, string? Reference, int Lines);

public sealed class ImportDonationsValidator : AbstractValidator<ImportDonations>
{
    public ImportDonationsValidator(SupplyTrackerDbContext db, DeploymentTime time)
    {
        RuleFor(c => c.ReceivingLocationId).Exists<ImportDonations, Location>(db);
        RuleFor(c => c.Note).Note();
        RuleFor(c => c.Source).NotEmpty().MaximumLength(300);
        RuleFor(c => c.Donations).NotEmpty().WithCode(ErrorCodes.LinesRequired)
            .Must(d => d is null || d.Count <= ImportDonations.MaxDonations).WithCode(ErrorCodes.ImportTooManyDonations, ImportDonations.MaxDonations)
            .Must(d => d is null || d.Sum(x => x?.Lines?.Count ?? 0) <= PackingList.MaxRows).WithCode(ErrorCodes.ImportTooManyLines, PackingList.MaxRows)
            .DependentRules(() =>
            {
                RuleForEach(c => c.Donations).NotNull().ChildRules(donation =>
                {
                    donation.RuleFor(d => d.ReceivedOn).NotInFuture(time);
                    donation.RuleFor(d => d.Reference).LotNumber();
                    donation.RuleFor(d => d.Lines).NotEmpty().WithCode(ErrorCodes.LinesRequired)
                        .Must(l => l is null || l.Count <= RecordDonationValidator.MaxLines)
                        .WithCode(ErrorCodes.LinesTooMany, RecordDonationValidator.MaxLines);
                    donation.RuleForEach(d => d.Lines).NotNull().SetValidator(new DonationLineValidator());
                });
                RuleFor(c => c.Donations).CustomAsync((donations, context, ct) => CheckAsync(db, donations, context, ct));
            });
    }

    // One query each for donors, items and references, however many lines.
    private static async Task CheckAsync(SupplyTrackerDbContext db, IReadOnlyList<ImportDonations.Donation> donations,
        ValidationContext<ImportDonations> context, CancellationToken ct)
    {
        var donorIds = donations.Where(d => d is not null).Select(d => d.DonorId).Distinct().ToList();
        var donors = (await db.Donors.Where(d => donorIds.Contains(d.Id)).Select(d => d.Id).ToListAsync(ct)).ToHashSet();
        var references = donations.Where(d => d?.Reference is not null).Select(d => d.Reference!.Trim()).ToList();
        var taken = await db.RecordedReferencesAsync(references, ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = donations.Where(d => d?.Lines is not null).SelectMany(d => d.Lines).Where(l => l is not null).ToList();
        var items = await db.ItemsAsync(lines.Select(l => l.ItemId), ct);
        await RecordDonationHandler.LoadPacksAsync(db, lines, ct);
        for (var i = 0; i < donations.Count; i++)
        {
            if (donations[i] is not { } donation) continue;
            if (!donors.Contains(donation.DonorId))
                context.AddFailure($"Donations[{i}].DonorId", $"'donorId' {donation.DonorId} does not name an existing donor.");
            if (donation.Reference?.Trim() is { Length: > 0 } reference)
            {
                if (taken.Contains(reference))
                    context.AddFailure($"Donations[{i}].Reference", $"A donation with the reference {reference} is already recorded.");
                else if (!seen.Add(reference))
                    context.AddFailure($"Donations[{i}].Reference", $"The reference {reference} is given to two donations of this import.");
            }
            if (donation.Lines is not null)
            {
                DonationLineValidator.CheckItems(items, donation.Lines, $"Donations[{i}].Lines", context);
                DonationLineValidator.CheckPacks(items, donation.Lines, $"Donations[{i}].Lines", context);
            }
        }
    }
}

public sealed class ImportDonationsHandler(SupplyTrackerDbContext db, StockLedger ledger) : ICommandHandler<ImportDonations, DonationsImported>
{
    private const int LinesPerBatch = 5_000;

    public async ValueTask<DonationsImported> Handle(ImportDonations command, CancellationToken cancellationToken)
    {
        var items = await db.ItemsAsync(command.Donations.SelectMany(d => d.Lines).Select(l => l.ItemId), cancellationToken);
        // The donations through EF (their ids come back), then their lines in bulk: the domain still builds and checks
        // every line, but 100,000 of them do not pass through the change tracker.
        var donations = command.Donations
            .Select(d => new Donation(d.DonorId, command.ReceivingLocationId, d.ReceivedOn, command.Note, ledger.User, ledger.Now, d.Reference))
            .ToList();
        db.Donations.AddRange(donations);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var donation in donations)
            db.Entry(donation).State = EntityState.Detached;

        // The lines a few thousand at a time: each batch's entities (and the donations they hang on) can go once written,
        // so a 100,000-line import never holds all its DonationLine entities at once.
        var imported = new List<ImportedDonation>(donations.Count);
        var batch = new List<DonationLine>(LinesPerBatch + RecordDonationValidator.MaxLines);
        var lineCount = 0;
        for (var i = 0; i < donations.Count; i++)
        {
            var donation = donations[i];
            var lines = RecordDonationHandler.AddLines(donation, command.Donations[i].Lines, items);
            batch.AddRange(lines);
            lineCount += lines.Count;
            imported.Add(new ImportedDonation(donation.Id, donation.DonorId, donation.ReceivedOn, donation.Reference, lines.Count));
            donations[i] = null!;
            if (batch.Count >= LinesPerBatch || i == donations.Count - 1)
            {
                await db.InsertAsync(batch, cancellationToken);
                batch.Clear();
            }
        }
        return new DonationsImported(imported, lineCount);
    }
}
