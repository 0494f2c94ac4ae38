using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SupplyTracker.Domain;

/// <summary>
/// The acknowledgement a donor gets for one donation, numbered ST-yyyy-nnnnnn without gaps per year. What it says is
/// frozen at issue (<see cref="Content"/>), so a reprint is the same document. A correction voids it and issues a
/// new receipt with its own number that points back at this one.
/// </summary>
public sealed class DonorReceipt
{
    public const int ReasonMaxLength = 500;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private DonorReceipt() { }

    public DonorReceipt(int year, int sequence, ReceiptContent content, string language, string verificationCode,
        string issuedBy, DateTime issuedAt, DonorReceipt? replaces = null)
    {
        Number = FormatNumber(year, sequence);
        if (content.Number != Number)
            throw new InvalidOperationException("The content must carry the receipt's own number.");
        Year = year;
        Sequence = sequence;
        DonationId = content.DonationId;
        Language = ReceiptLanguage.Require(language);
        ContentJson = JsonSerializer.Serialize(content, Json);
        VerificationCode = verificationCode;
        IssuedBy = Item.Require(issuedBy, nameof(issuedBy), 100);
        IssuedAt = DateTime.SpecifyKind(issuedAt, DateTimeKind.Utc);
        if (replaces is not null)
        {
            if (replaces.Status != ReceiptStatus.Void)
                throw new InvalidOperationException("Only a void receipt is replaced.");
            ReplacesNumber = replaces.Number;
            replaces.ReplacedByNumber = Number;
            replaces.Version++;
        }
    }

    public string Number { get; private set; } = "";
    public int Year { get; private set; }
    public int Sequence { get; private set; }
    public int DonationId { get; private set; }
    public string Language { get; private set; } = ReceiptLanguage.Default;
    public string ContentJson { get; private set; } = "";
    /// <summary>HMAC of the content, printed in the QR code's link; the verification page recomputes it.</summary>
    public string VerificationCode { get; private set; } = "";
    public ReceiptStatus Status { get; private set; }
    public string IssuedBy { get; private set; } = "";
    public DateTime IssuedAt { get; private set; }
    public string? ReplacesNumber { get; private set; }
    public string? ReplacedByNumber { get; private set; }
    public string? VoidedBy { get; private set; }
    public DateTime? VoidedAt { get; private set; }
    public string? VoidReason { get; private set; }
    public int Version { get; private set; }

    public ReceiptContent Content => JsonSerializer.Deserialize<ReceiptContent>(ContentJson, Json)
        ?? throw new InvalidOperationException($"Receipt {Number} has no content.");

    public static string FormatNumber(int year, int sequence) => $"ST-{year:D4}-{sequence:D6}";

    public void Void(string? reason, string by, DateTime at)
    {
        if (Status == ReceiptStatus.Void)
            throw new DomainRuleException("status", ErrorCodes.ReceiptAlreadyVoid, Number);
        VoidReason = Item.Require(reason, "reason", ReasonMaxLength);
        VoidedBy = Item.Require(by, "voidedBy", 100);
        VoidedAt = DateTime.SpecifyKind(at, DateTimeKind.Utc);
        Status = ReceiptStatus.Void;
        Version++;
    }

    public void EnsureReissuable()
    {
        if (ReplacedByNumber is not null)
            throw new DomainRuleException("status", ErrorCodes.ReceiptAlreadyReplaced, Number, ReplacedByNumber);
    }
}

public enum ReceiptStatus { Valid, Void }

/// <summary>How a line's value was set: as the donor declared it, or appraised by the receiving unit.</summary>
public enum ValueBasis { Declared, Appraised }

/// <summary>
/// The PDF exactly as it was issued, kept so a reprint of a receipt in force is the same bytes whatever changes later
/// (fonts, layout, options). A void receipt is rendered afresh: its copy must say it is void.
/// </summary>
public sealed class IssuedReceiptPdf
{
    private IssuedReceiptPdf() { }

    public IssuedReceiptPdf(string number, string language, byte[] pdf)
    {
        Number = number;
        Language = language;
        Pdf = pdf;
    }

    public string Number { get; private set; } = "";
    public string Language { get; private set; } = "";
    public byte[] Pdf { get; private set; } = [];
}

/// <summary>The per-year counter receipt numbers are drawn from, inside the issuing transaction (a rollback returns the number).</summary>
public sealed class ReceiptCounter
{
    public int Year { get; set; }
    public int LastSequence { get; set; }
}

public static class ReceiptLanguage
{
    public const string Default = "zh-Hant";
    public static readonly string[] All = ["zh-Hant", "zh-Hans", "en"];

    public static string Require(string? language) =>
        All.FirstOrDefault(l => string.Equals(l, language, StringComparison.OrdinalIgnoreCase))
        ?? throw new DomainValidationException("language", ErrorCodes.FieldLanguage);
}

/// <summary>What a receipt says, frozen when it is issued; item names in all three languages so any rendering matches.</summary>
public sealed record ReceiptContent(
    string Number,
    int DonationId,
    string DonorName,
    bool DonorIsAnonymous,
    DateOnly ReceivedOn,
    DateOnly IssuedOn,
    IReadOnlyList<ReceiptLine> Accepted,
    IReadOnlyList<ReceiptLine> Rejected,
    string? Replaces,
    string? DonorReference = null,
    string? DonationNote = null,
    string? ReceivingUnit = null,
    string? ReceivingUnitZhHans = null,
    string? ReceivingUnitEn = null,
    string? IssuerName = null,
    string? ReviewerName = null)
{
    /// <summary>The name shown on the receipt and the public page: anonymous donors keep only their first character.</summary>
    public string DonorDisplayName => DonorIsAnonymous ? MaskName(DonorName) : DonorName;

    public decimal? DeclaredTotal => Accepted.Any(l => l.DeclaredValue is not null) ? Accepted.Sum(l => l.DeclaredValue ?? 0) : null;

    public static string MaskName(string name)
    {
        var first = name.EnumerateRunes().FirstOrDefault();
        return first.Value == 0 ? "***" : first + "**";
    }

    /// <summary>Every field that matters as a netstring ("length:value,"), so nothing can shift into its neighbour; this is what the HMAC covers.</summary>
    public string Canonical()
    {
        var fields = new List<string>
        {
            "donor-receipt/v1", Number, DonationId.ToString(CultureInfo.InvariantCulture), DonorName, DonorIsAnonymous ? "1" : "0",
            ReceivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), IssuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Replaces ?? "",
        };
        foreach (var (kind, lines) in new[] { ("accepted", Accepted), ("rejected", Rejected) })
        {
            fields.Add(kind);
            fields.Add(lines.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var l in lines)
            {
                fields.AddRange([
                    l.LineNumber.ToString(CultureInfo.InvariantCulture), l.ItemCode, l.NameZhHant, l.NameZhHans, l.NameEn, l.Standard ?? "",
                    l.LotNumber, l.ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", l.Quantity.ToString(CultureInfo.InvariantCulture),
                    l.Unit, l.DeclaredValue?.ToString(CultureInfo.InvariantCulture) ?? "", l.RejectionReason ?? "",
                ]);
                // Only directed lines carry it, so receipts issued before directed donations still verify.
                if (l.DirectedTo is not null) fields.AddRange(["directed-to", l.DirectedTo]);
            }
        }
        // Fields added after the first receipts were issued: only when set, so an older receipt's code still verifies.
        string?[] later = [DonorReference, DonationNote, ReceivingUnit, ReceivingUnitZhHans, ReceivingUnitEn, IssuerName, ReviewerName,
            .. Accepted.Concat(Rejected).SelectMany(l => new[] { l.RegistrationNumber, l.ValueBasis?.ToString() })];
        if (later.Any(f => f is not null))
            fields.AddRange(["v2", .. later.Select(f => f ?? "")]);
        // Added with the value note and packs at intake: only when some line has one, so earlier codes still verify.
        string?[] v3 = [.. Accepted.Concat(Rejected).SelectMany(l => new[]
        {
            l.ValueNote, l.Pack?.NameZhHant, l.Pack?.NameZhHans, l.Pack?.NameEn, l.Pack?.Size.ToString(CultureInfo.InvariantCulture),
        })];
        if (v3.Any(f => f is not null))
            fields.AddRange(["v3", .. v3.Select(f => f ?? "")]);
        var canonical = new StringBuilder();
        foreach (var field in fields)
            canonical.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append(',');
        return canonical.ToString();
    }
}

public sealed record ReceiptLine(
    int LineNumber,
    int ItemId,
    string ItemCode,
    string NameZhHant,
    string NameZhHans,
    string NameEn,
    string? Standard,
    string LotNumber,
    int? LotId,
    DateOnly? ExpiresOn,
    long Quantity,
    string Unit,
    decimal? DeclaredValue,
    string? RejectionReason,
    string? DirectedTo = null,
    string? RegistrationNumber = null,
    ValueBasis? ValueBasis = null,
    string? ValueNote = null,
    ReceiptPack? Pack = null)
{
    public string Name(string language) => language switch { "zh-Hans" => NameZhHans, "en" => NameEn, _ => NameZhHant };
}

/// <summary>The pack a receipt line was counted in at intake (names in the three languages, base units per pack).</summary>
public sealed record ReceiptPack(string NameZhHant, string NameZhHans, string NameEn, long Size)
{
    public string Name(string language) => language switch { "zh-Hans" => NameZhHans, "en" => NameEn, _ => NameZhHant };
}
