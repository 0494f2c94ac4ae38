using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Documents.Layout;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Receipts;

/// <summary>What issuing and reissuing share: the frozen content, the next number of the year and the verification code.</summary>
internal static class ReceiptDrafting
{
    private const string KeyName = "donor-receipts";

    public static async Task<Donation> LoadDonationAsync(SupplyTrackerDbContext db, CallerContext caller, int donationId, CancellationToken ct) =>
        await db.Donations.VisibleTo(caller).AsSplitQuery().Include(d => d.Donor).Include(d => d.Lines).ThenInclude(l => l.Item)
            .Include(d => d.Lines).ThenInclude(l => l.Lot).Include(d => d.ReceivingLocation)
            .FirstOrDefaultAsync(d => d.Id == donationId, ct)
        ?? throw new NotFoundException(nameof(Donation), donationId);

    public static async Task<DonorReceipt> DraftAsync(SupplyTrackerDbContext db, Donation donation, string language, string issuedBy,
        DateTime now, DateOnly issuedOn, DonorReceipt? replaces, CancellationToken ct, DocumentFont? font = null)
    {
        var undecided = donation.Lines.Where(l => l.Disposition is LineDisposition.Pending or LineDisposition.Quarantined).Select(l => l.LineNumber).ToList();
        if (undecided.Count > 0)
            throw new DomainRuleException("donationId", ErrorCodes.ReceiptNotInspected, donation.Id, string.Join(", ", undecided));

        var directedIds = donation.Lines.Where(l => l.DirectedToLocationId is not null).Select(l => l.DirectedToLocationId!.Value).Distinct().ToList();
        var directedTo = directedIds.Count == 0 ? []
            : await db.Locations.AsNoTracking().Where(l => directedIds.Contains(l.Id))
                // In the receipt's language, as the issuing and receiving units are (a zh-Hans receipt says 和平检查站).
                .ToDictionaryAsync(l => l.Id, l => language switch { "en" => l.NameEn, "zh-Hans" => l.NameZhHans, _ => l.Name }, ct);
        ReceiptLine Line(DonationLine l) => ReceiptDrafting.Line(l, l.DirectedToLocationId is { } d ? directedTo[d] : null);

        // The number's year and the printed date are the deployment's local day (a receipt issued at 07:30 in Lanzhou on
        // 1 January is a new year's receipt, though it is still 31 December in UTC).
        var year = issuedOn.Year;
        var sequence = await NextSequenceAsync(db, year, ct);
        var content = new ReceiptContent(DonorReceipt.FormatNumber(year, sequence), donation.Id, donation.Donor.Name, donation.Donor.IsAnonymous,
            donation.ReceivedOn, issuedOn,
            [.. donation.Lines.Where(l => l.Disposition == LineDisposition.Accepted).OrderBy(l => l.LineNumber).Select(Line)],
            [.. donation.Lines.Where(l => l.Disposition == LineDisposition.Rejected).OrderBy(l => l.LineNumber).Select(Line)],
            replaces?.Number,
            donation.Reference, donation.Note, donation.ReceivingLocation.Name, donation.ReceivingLocation.NameZhHans, donation.ReceivingLocation.NameEn,
            await DisplayNames.OfAsync(db, issuedBy, ct),
            // 複核人: whoever recorded and checked the donation at intake, when that is someone else than the issuer.
            string.Equals(donation.RecordedBy, issuedBy, StringComparison.OrdinalIgnoreCase) || donation.RecordedBy == CallerContext.SystemName
                ? null : await DisplayNames.OfAsync(db, donation.RecordedBy, ct));
        if (font is not null) EnsurePrintable(font, content);
        var code = Sign(await KeyAsync(db, now, ct), content);
        return new DonorReceipt(year, sequence, content, language, code, issuedBy, now, replaces);
    }

    /// <summary>
    /// Every text the receipt may print, in any of its languages, checked against the font chain before a number is
    /// spent: a character no font has stops the issue with an error naming it and the field, never a blank on paper.
    /// </summary>
    public static void EnsurePrintable(DocumentFont font, ReceiptContent content)
    {
        font.EnsurePrintable(content.DonorName, "donorName");
        font.EnsurePrintable(content.DonorReference, "reference");
        font.EnsurePrintable(content.DonationNote, "note");
        font.EnsurePrintable(content.IssuerName, "issuedBy");
        font.EnsurePrintable(content.ReviewerName, "reviewedBy");
        foreach (var (kind, lines) in new[] { ("accepted", content.Accepted), ("rejected", content.Rejected) })
            foreach (var line in lines)
            {
                var prefix = $"lines[{line.LineNumber}]";
                font.EnsurePrintable(line.NameZhHant, $"{prefix}.item.nameZhHant");
                font.EnsurePrintable(line.NameZhHans, $"{prefix}.item.nameZhHans");
                font.EnsurePrintable(line.NameEn, $"{prefix}.item.nameEn");
                font.EnsurePrintable(line.Standard, $"{prefix}.item.productStandard");
                font.EnsurePrintable(line.LotNumber, $"{prefix}.lotNumber");
                font.EnsurePrintable(line.Unit, $"{prefix}.item.baseUnit");
                font.EnsurePrintable(line.RejectionReason, $"{prefix}.rejectionReason");
                font.EnsurePrintable(line.RegistrationNumber, $"{prefix}.registrationNumber");
                font.EnsurePrintable(line.DirectedTo, $"{prefix}.directedTo");
                font.EnsurePrintable(line.ValueNote, $"{prefix}.valueNote");
                font.EnsurePrintable(line.Pack?.NameZhHant, $"{prefix}.pack.nameZhHant");
                font.EnsurePrintable(line.Pack?.NameZhHans, $"{prefix}.pack.nameZhHans");
                font.EnsurePrintable(line.Pack?.NameEn, $"{prefix}.pack.nameEn");
                _ = kind;
            }
    }

    private static ReceiptLine Line(DonationLine l, string? directedTo) => new(l.LineNumber, l.ItemId, l.Item.Code, l.Item.NameZhHant, l.Item.NameZhHans, l.Item.NameEn,
        l.Item.ProductStandard, l.LotNumber, l.LotId, l.ExpiresOn, l.Quantity, l.Item.BaseUnit, l.DeclaredValue, l.RejectionReason, directedTo,
        l.Lot?.RegistrationNumber, l.DeclaredValue is null ? null : l.ValueBasis ?? ValueBasis.Declared, l.ValueNote,
        l.PackSize is { } size ? new ReceiptPack(l.PackNameZhHant!, l.PackNameZhHans!, l.PackNameEn!, size) : null);

    /// <summary>
    /// Takes the next number from the year's counter inside the caller's write transaction: concurrent issuers queue on
    /// the write lock, and a rolled-back issue gives its number back, so numbers have no gaps.
    /// </summary>
    private static async Task<int> NextSequenceAsync(SupplyTrackerDbContext db, int year, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Receipt numbers are drawn inside the issuing transaction.");
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO \"ReceiptCounters\" (\"Year\", \"LastSequence\") VALUES ({year}, 0) ON CONFLICT DO NOTHING", ct);
        var next = await db.Database.SqlQuery<int>(
            $"UPDATE \"ReceiptCounters\" SET \"LastSequence\" = \"LastSequence\" + 1 WHERE \"Year\" = {year} RETURNING \"LastSequence\" AS \"Value\"")
            .ToListAsync(ct);
        return next.Single();
    }

    /// <summary>The HMAC key, generated the first time a receipt needs it and kept in the database.</summary>
    public static async Task<byte[]> KeyAsync(SupplyTrackerDbContext db, DateTime now, CancellationToken ct)
    {
        var key = await db.SigningKeys.AsNoTracking().Where(k => k.Name == KeyName).Select(k => k.Key).FirstOrDefaultAsync(ct);
        if (key is not null) return key;
        var fresh = RandomNumberGenerator.GetBytes(32);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO \"SigningKeys\" (\"Name\", \"Key\", \"CreatedAt\") VALUES ({KeyName}, {fresh}, {now}) ON CONFLICT DO NOTHING", ct);
        return await db.SigningKeys.AsNoTracking().Where(k => k.Name == KeyName).Select(k => k.Key).SingleAsync(ct);
    }

    /// <summary>HMAC-SHA256 over the canonical content, first 80 bits in Crockford base32: 16 characters, easy to read out.</summary>
    public static string Sign(byte[] key, ReceiptContent content)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(content.Canonical()));
        return Base32(mac.AsSpan(0, 10));
    }

    public static bool Verify(byte[] key, ReceiptContent content, string? code)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(key, content));
        var given = Encoding.ASCII.GetBytes(NormalizeCode(code));
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>A code as a person reads it out: any case, spaces and hyphens ignored, Crockford's O→0 and I/L→1.</summary>
    public static string NormalizeCode(string? code)
    {
        var output = new StringBuilder();
        foreach (var c in (code ?? "").ToUpperInvariant())
        {
            if (c is '-' or ' ' or '\u00A0') continue;
            output.Append(c switch { 'O' => '0', 'I' or 'L' => '1', _ => c });
        }
        return output.ToString();
    }

    internal static string Base32(ReadOnlySpan<byte> bytes)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var output = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                output.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) output.Append(alphabet[(buffer << (5 - bits)) & 31]);
        return output.ToString();
    }
}
