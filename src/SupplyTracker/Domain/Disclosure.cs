using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SupplyTracker.Domain;

/// <summary>What a public disclosure entry reports.</summary>
public enum DisclosureKind
{
    /// <summary>A donation line accepted into usable stock at intake.</summary>
    IntakeAccepted,
    /// <summary>A donation line taken in but held in quarantine.</summary>
    IntakeQuarantined,
    /// <summary>A quarantined donation line released into usable stock.</summary>
    IntakeReleased,
    /// <summary>A donation line refused, at intake or after quarantine, with the reason.</summary>
    IntakeRejected,
    /// <summary>Stock moved from one location to another by a transfer.</summary>
    Transfer,
    /// <summary>A shipment left the warehouse for a station; in transit until delivery.</summary>
    Dispatch,
    /// <summary>Shipped goods the station accepted.</summary>
    Delivery,
    /// <summary>Shipped goods the station refused, back at the warehouse.</summary>
    Return,
    /// <summary>A reversing movement; <see cref="Disclosure.CorrectsIndex"/> names the entry it undoes.</summary>
    Correction,
    /// <summary>A donor receipt was voided; <see cref="Disclosure.CorrectsIndex"/> names the donation's intake entry.</summary>
    ReceiptVoided,
    /// <summary>An administrator sent stock its donor had directed to one location to another; the reason is published.</summary>
    DirectedOverride,
    /// <summary>A lot (or lots) recalled from everywhere it went, with the reason and who called it back.</summary>
    Recall,
}

/// <summary>A place in a disclosure entry, named as the public sees it.</summary>
public sealed record DisclosurePlace(string Code, string Name, string NameEn);

/// <summary>The item of a disclosure entry, with its names in every language.</summary>
public sealed record DisclosureItem(string Code, string NameZhHant, string NameZhHans, string NameEn, string Unit);

/// <summary>
/// One public, append-only record of a hop, an intake decision or a correction. It is also a leaf of the verifiable log
/// (RFC 6962): <see cref="Leaf"/> holds its canonical JSON bytes exactly as published and hashed. Never updated or deleted.
/// </summary>
public sealed class Disclosure
{
    public const string IndividualDonor = "個人捐贈者 Individual donor";
    public const string AnonymousDonor = "匿名捐贈者 Anonymous donor";

    private Disclosure() { }

    public Disclosure(long index, DisclosureKind kind, DisclosureItem? item, long? quantity, string? lot, DisclosurePlace? from, DisclosurePlace? to,
        string? donor, string? reason, string? reference, long? correctsIndex, DateTime occurredAt, DateTime publishedAt)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index));
        if (correctsIndex is { } corrected && (corrected < 0 || corrected >= index))
            throw new ArgumentOutOfRangeException(nameof(correctsIndex), "A correction names an earlier entry.");
        Index = index;
        Kind = kind;
        ItemCode = item?.Code;
        ItemNameZhHant = item?.NameZhHant;
        ItemNameZhHans = item?.NameZhHans;
        ItemNameEn = item?.NameEn;
        Unit = item?.Unit;
        Quantity = quantity;
        Lot = string.IsNullOrEmpty(lot) ? null : lot;
        FromCode = from?.Code;
        FromName = from?.Name;
        FromNameEn = from?.NameEn;
        ToCode = to?.Code;
        ToName = to?.Name;
        ToNameEn = to?.NameEn;
        Donor = donor;
        Reason = reason;
        Reference = reference;
        CorrectsIndex = correctsIndex;
        OccurredAt = Milliseconds(occurredAt);
        PublishedAt = Milliseconds(publishedAt);
        Leaf = Encoding.UTF8.GetBytes(CanonicalJson());
        LeafHash = HashLeaf(Leaf);
    }

    /// <summary>Position in the log, 0, 1, 2… without gaps; also the leaf index.</summary>
    public long Index { get; private set; }
    public DisclosureKind Kind { get; private set; }
    public string? ItemCode { get; private set; }
    public string? ItemNameZhHant { get; private set; }
    public string? ItemNameZhHans { get; private set; }
    public string? ItemNameEn { get; private set; }
    public string? Unit { get; private set; }
    /// <summary>Always the magnitude, in the item's base unit; the kind says which way the goods went.</summary>
    public long? Quantity { get; private set; }
    public string? Lot { get; private set; }
    public string? FromCode { get; private set; }
    public string? FromName { get; private set; }
    public string? FromNameEn { get; private set; }
    public string? ToCode { get; private set; }
    public string? ToName { get; private set; }
    public string? ToNameEn { get; private set; }
    /// <summary>The donor as consent allows the public to see them (never an individual's name without it).</summary>
    public string? Donor { get; private set; }
    public string? Reason { get; private set; }
    /// <summary>The public number of the source record: shipment, receipt, donation or transfer.</summary>
    public string? Reference { get; private set; }
    public long? CorrectsIndex { get; private set; }
    public DateTime OccurredAt { get; private set; }
    public DateTime PublishedAt { get; private set; }
    /// <summary>The canonical UTF-8 JSON bytes of this entry: the RFC 6962 leaf.</summary>
    public byte[] Leaf { get; private set; } = [];
    /// <summary>SHA-256(0x00 ‖ leaf).</summary>
    public byte[] LeafHash { get; private set; } = [];

    // Where the entry came from, so a replay never publishes a source twice (each is unique); not part of the leaf.
    public long? SourceMovementId { get; private set; }
    public long? SourceSequence { get; private set; }
    public int? SourceDonationLineId { get; private set; }
    public string? SourceReceiptNumber { get; private set; }
    public int? SourceRecallId { get; private set; }
    public int? DonationId { get; private set; }

    public Disclosure From(long? movementId = null, long? sequence = null, int? donationLineId = null, string? receiptNumber = null, int? donationId = null,
        int? recallId = null)
    {
        SourceRecallId = recallId;
        SourceMovementId = movementId;
        SourceSequence = sequence;
        SourceDonationLineId = donationLineId;
        SourceReceiptNumber = receiptNumber;
        DonationId = donationId;
        return this;
    }

    public static byte[] HashLeaf(ReadOnlySpan<byte> leaf)
    {
        var input = new byte[leaf.Length + 1];
        leaf.CopyTo(input.AsSpan(1));
        return SHA256.HashData(input);
    }

    /// <summary>
    /// How a donor is named in public, by the consent recorded at publication (Donor.NamePublic; people default to
    /// anonymous, bodies to named). On a hop (<paramref name="hop"/>: goods moving on from the warehouse) the name also
    /// needs consent to show where the goods went, since the hop says exactly that.
    /// </summary>
    public static string DonorDisplayName(Donor donor, bool hop = false) =>
        donor.NamePublic && (!hop || donor.TracePublic) ? donor.Name
        : donor.Kind is DonorKind.Individual or DonorKind.Official ? IndividualDonor
        : AnonymousDonor;

    /// <summary>
    /// disclosure/v1: one JSON object, properties in this fixed order, every property present (null when empty), no
    /// whitespace, integers in invariant digits, instants as UTC ISO 8601 with milliseconds, strings escaped as RFC 8785
    /// does (only <c>"</c>, <c>\</c> and control characters; everything else as raw UTF-8).
    /// </summary>
    public string CanonicalJson()
    {
        var json = new StringBuilder(512).Append('{');
        Number(json, "index", Index).Append(',');
        String(json, "kind", Kind.ToString()).Append(',');
        json.Append("\"item\":");
        if (ItemCode is null) json.Append("null");
        else
        {
            json.Append('{');
            String(json, "code", ItemCode).Append(',');
            String(json, "nameZhHant", ItemNameZhHant).Append(',');
            String(json, "nameZhHans", ItemNameZhHans).Append(',');
            String(json, "nameEn", ItemNameEn).Append('}');
        }
        json.Append(',');
        Number(json, "quantity", Quantity).Append(',');
        String(json, "unit", Unit).Append(',');
        String(json, "lot", Lot).Append(',');
        Place(json, "from", FromCode, FromName, FromNameEn).Append(',');
        Place(json, "to", ToCode, ToName, ToNameEn).Append(',');
        String(json, "donor", Donor).Append(',');
        String(json, "reason", Reason).Append(',');
        String(json, "reference", Reference).Append(',');
        Number(json, "corrects", CorrectsIndex).Append(',');
        String(json, "occurredAt", Iso(OccurredAt)).Append(',');
        String(json, "publishedAt", Iso(PublishedAt));
        return json.Append('}').ToString();
    }

    public static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTime Milliseconds(DateTime value)
    {
        var utc = DateTime.SpecifyKind(value, DateTimeKind.Utc);
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMillisecond));
    }

    private static StringBuilder Place(StringBuilder json, string name, string? code, string? placeName, string? nameEn)
    {
        json.Append('"').Append(name).Append("\":");
        if (code is null) return json.Append("null");
        json.Append('{');
        String(json, "code", code).Append(',');
        String(json, "name", placeName).Append(',');
        return String(json, "nameEn", nameEn).Append('}');
    }

    private static StringBuilder Number(StringBuilder json, string name, long? value) =>
        json.Append('"').Append(name).Append("\":").Append(value is null ? "null" : value.Value.ToString(CultureInfo.InvariantCulture));

    private static StringBuilder String(StringBuilder json, string name, string? value)
    {
        json.Append('"').Append(name).Append("\":");
        if (value is null) return json.Append("null");
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case < ' ': json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: json.Append(c); break;
            }
        }
        return json.Append('"');
    }
}

/// <summary>A signed tree head of the disclosure log (RFC 6962 §3.5), stored for every publication. Never updated or deleted.</summary>
public sealed class DisclosureTreeHead
{
    private DisclosureTreeHead() { }

    public DisclosureTreeHead(long treeSize, long timestamp, byte[] rootHash, byte[] signature, long ledgerSequence)
    {
        TreeSize = treeSize;
        Timestamp = timestamp;
        RootHash = rootHash;
        Signature = signature;
        LedgerSequence = ledgerSequence;
    }

    public long Id { get; private set; }
    public long TreeSize { get; private set; }
    /// <summary>Milliseconds since the Unix epoch, as signed.</summary>
    public long Timestamp { get; private set; }
    public byte[] RootHash { get; private set; } = [];
    /// <summary>ECDSA P-256 / SHA-256, DER (RFC 3279) encoded, over the TreeHeadSignature bytes.</summary>
    public byte[] Signature { get; private set; } = [];
    /// <summary>The last stock-ledger sequence the publisher had read when it signed: where the next publication starts.</summary>
    public long LedgerSequence { get; private set; }
}
