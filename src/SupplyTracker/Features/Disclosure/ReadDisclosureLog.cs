using System.Globalization;
using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Disclosure;

/// <summary>The public read side of the log. Only what the latest signed tree head covers is public.</summary>
public sealed record GetDisclosures(long? After) : IQuery<DisclosurePage>;

/// <param name="Leaves">The entries' exact leaf bytes (canonical JSON), in index order.</param>
/// <param name="Next">The cursor for the next page, or null when this page reaches the end of the log.</param>
public sealed record DisclosurePage(long? After, IReadOnlyList<(long Index, byte[] Leaf)> Leaves, long? Next, long TreeSize)
{
    /// <summary>Entries never change, so a page is fully named by where it starts and where it ends.</summary>
    public string ETag => $"\"disclosures-{After?.ToString(CultureInfo.InvariantCulture) ?? "start"}-{(Leaves.Count == 0 ? "none" : Leaves[^1].Index.ToString(CultureInfo.InvariantCulture))}\"";
}

public sealed record GetDisclosuresCsv : IQuery<byte[]>;

public sealed record GetSignedTreeHead : IQuery<SignedTreeHead>;

public sealed record SignedTreeHead(long TreeSize, long Timestamp, byte[] RootHash, byte[] Signature);

/// <summary>Entries <paramref name="Start"/> to <paramref name="End"/> inclusive, as RFC 6962's get-entries.</summary>
public sealed record GetLogEntries(long? Start, long? End) : IQuery<IReadOnlyList<(long Index, byte[] Leaf)>>;

public sealed record GetInclusionProof(long? Index, long? Size) : IQuery<InclusionProof>;

public sealed record InclusionProof(long LeafIndex, long TreeSize, IReadOnlyList<byte[]> AuditPath);

public sealed record GetConsistencyProof(long? First, long? Second) : IQuery<ConsistencyProof>;

public sealed record ConsistencyProof(long First, long Second, IReadOnlyList<byte[]> Consistency);

/// <summary>The log's public key as SubjectPublicKeyInfo PEM.</summary>
public sealed record GetLogKey : IQuery<string>;

/// <summary>
/// The log's leaf hashes, read from the database once and then only the new ones: the log is append-only, so what was
/// read never goes stale, and proofs need no pass over the table.
/// </summary>
public sealed class DisclosureLogCache
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MerkleTree _tree = new([]);

    public async Task<MerkleTree> TreeAsync(SupplyTrackerDbContext db, long size, CancellationToken ct)
    {
        var tree = _tree;
        if (tree.Size >= size) return tree;
        await _gate.WaitAsync(ct);
        try
        {
            tree = _tree;
            if (tree.Size >= size) return tree;
            var more = await db.Disclosures.AsNoTracking().Where(d => d.Index >= tree.Size).OrderBy(d => d.Index)
                .Select(d => d.LeafHash).ToListAsync(ct);
            _tree = new MerkleTree([.. tree.LeafHashes, .. more], tree);
            return _tree;
        }
        finally
        {
            _gate.Release();
        }
    }
}

public sealed class ReadDisclosureLogHandler(SupplyTrackerDbContext db, DisclosureLogCache cache) :
    IQueryHandler<GetDisclosures, DisclosurePage>,
    IQueryHandler<GetDisclosuresCsv, byte[]>,
    IQueryHandler<GetSignedTreeHead, SignedTreeHead>,
    IQueryHandler<GetLogEntries, IReadOnlyList<(long Index, byte[] Leaf)>>,
    IQueryHandler<GetInclusionProof, InclusionProof>,
    IQueryHandler<GetConsistencyProof, ConsistencyProof>,
    IQueryHandler<GetLogKey, string>
{
    public const int PageSize = 1000;

    public async ValueTask<DisclosurePage> Handle(GetDisclosures query, CancellationToken cancellationToken)
    {
        var size = await PublicSizeAsync(cancellationToken);
        if (query.After is { } after && (after < 0 || after >= size))
            throw new DomainValidationException("after", size == 0
                ? "'after' must be left out: the log has no entries yet."
                : $"'after' must be the index of a published entry, 0 to {size - 1}.");
        var start = (query.After ?? -1) + 1;
        var leaves = await LeavesAsync(start, Math.Min(size, start + PageSize), cancellationToken);
        var last = start + leaves.Count - 1;
        return new DisclosurePage(query.After, leaves, last < size - 1 ? last : null, size);
    }

    public async ValueTask<byte[]> Handle(GetDisclosuresCsv query, CancellationToken cancellationToken)
    {
        var size = await PublicSizeAsync(cancellationToken);
        var csv = new StringBuilder();
        csv.Append("index,kind,item_code,item_zh_hant,item_zh_hans,item_en,quantity,unit,lot,from_code,from_name,from_name_en,")
            .Append("to_code,to_name,to_name_en,donor,reason,reference,corrects,occurred_at,published_at\r\n");
        var entries = db.Disclosures.AsNoTracking().Where(d => d.Index < size).OrderBy(d => d.Index).AsAsyncEnumerable();
        await foreach (var d in entries.WithCancellation(cancellationToken))
        {
            string?[] fields =
            [
                d.Index.ToString(CultureInfo.InvariantCulture), d.Kind.ToString(), d.ItemCode, d.ItemNameZhHant, d.ItemNameZhHans, d.ItemNameEn,
                d.Quantity?.ToString(CultureInfo.InvariantCulture), d.Unit, d.Lot, d.FromCode, d.FromName, d.FromNameEn,
                d.ToCode, d.ToName, d.ToNameEn, d.Donor, d.Reason, d.Reference, d.CorrectsIndex?.ToString(CultureInfo.InvariantCulture),
                Domain.Disclosure.Iso(d.OccurredAt), Domain.Disclosure.Iso(d.PublishedAt),
            ];
            csv.AppendJoin(',', fields.Select(Csv)).Append("\r\n");
        }
        // The BOM makes Excel read the file as UTF-8, so Chinese names open correctly.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public async ValueTask<SignedTreeHead> Handle(GetSignedTreeHead query, CancellationToken cancellationToken)
    {
        var head = await LatestHeadAsync(cancellationToken) ?? throw new NotFoundException("Signed tree head", "latest");
        return new SignedTreeHead(head.TreeSize, head.Timestamp, head.RootHash, head.Signature);
    }

    public async ValueTask<IReadOnlyList<(long Index, byte[] Leaf)>> Handle(GetLogEntries query, CancellationToken cancellationToken)
    {
        var size = await PublicSizeAsync(cancellationToken);
        var start = query.Start ?? throw new DomainValidationException("start", "'start' is required.");
        var end = query.End ?? throw new DomainValidationException("end", "'end' is required.");
        if (start < 0 || start >= size)
            throw new DomainValidationException("start", size == 0 ? "The log has no entries yet." : $"'start' must be from 0 to {size - 1}.");
        if (end < start)
            throw new DomainValidationException("end", "'end' must not be less than 'start'.");
        return await LeavesAsync(start, Math.Min(Math.Min(end, size - 1), start + PageSize - 1) + 1, cancellationToken);
    }

    public async ValueTask<InclusionProof> Handle(GetInclusionProof query, CancellationToken cancellationToken)
    {
        var published = await PublicSizeAsync(cancellationToken);
        var size = query.Size ?? throw new DomainValidationException("size", "'size' is required: the tree size the proof is for.");
        var index = query.Index ?? throw new DomainValidationException("index", "'index' is required.");
        if (size < 1 || size > published)
            throw new DomainValidationException("size", published == 0 ? "The log has no entries yet." : $"'size' must be from 1 to {published}, the latest tree size.");
        if (index < 0 || index >= size)
            throw new DomainValidationException("index", $"'index' must be from 0 to {size - 1}.");
        var tree = await cache.TreeAsync(db, size, cancellationToken);
        return new InclusionProof(index, size, tree.InclusionProof(index, size));
    }

    public async ValueTask<ConsistencyProof> Handle(GetConsistencyProof query, CancellationToken cancellationToken)
    {
        var published = await PublicSizeAsync(cancellationToken);
        var first = query.First ?? throw new DomainValidationException("first", "'first' is required.");
        var second = query.Second ?? throw new DomainValidationException("second", "'second' is required.");
        if (second < 1 || second > published)
            throw new DomainValidationException("second", published == 0 ? "The log has no entries yet." : $"'second' must be from 1 to {published}, the latest tree size.");
        if (first < 1 || first > second)
            throw new DomainValidationException("first", $"'first' must be from 1 to {second}.");
        var tree = await cache.TreeAsync(db, second, cancellationToken);
        return new ConsistencyProof(first, second, tree.ConsistencyProof(first, second));
    }

    public async ValueTask<string> Handle(GetLogKey query, CancellationToken cancellationToken)
    {
        using var key = await TreeHeadSigning.PublicKeyAsync(db, cancellationToken) ?? throw new NotFoundException("Log key", TreeHeadSigning.KeyName);
        return key.ExportSubjectPublicKeyInfoPem() + "\n";
    }

    private Task<DisclosureTreeHead?> LatestHeadAsync(CancellationToken ct) =>
        db.DisclosureTreeHeads.AsNoTracking().OrderByDescending(h => h.Id).FirstOrDefaultAsync(ct);

    private async Task<long> PublicSizeAsync(CancellationToken ct) => (await LatestHeadAsync(ct))?.TreeSize ?? 0;

    private async Task<IReadOnlyList<(long Index, byte[] Leaf)>> LeavesAsync(long start, long endExclusive, CancellationToken ct) =>
        (await db.Disclosures.AsNoTracking().Where(d => d.Index >= start && d.Index < endExclusive).OrderBy(d => d.Index)
            .Select(d => new { d.Index, d.Leaf }).ToListAsync(ct))
        .Select(x => (x.Index, x.Leaf)).ToList();

    private static string Csv(string? value) =>
        value is null ? ""
        : value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : value;
}

/// <summary>Writes the public JSON shapes, with each entry exactly as its leaf bytes say.</summary>
public static class DisclosureJson
{
    public static byte[] Page(DisclosurePage page) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("treeSize", page.TreeSize);
        if (page.Next is { } next) w.WriteNumber("next", next);
        else w.WriteNull("next");
        w.WriteStartArray("entries");
        foreach (var (_, leaf) in page.Leaves) w.WriteRawValue(leaf, skipInputValidation: true);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static byte[] Entries(IReadOnlyList<(long Index, byte[] Leaf)> entries) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("entries");
        foreach (var (index, leaf) in entries)
        {
            w.WriteStartObject();
            w.WriteNumber("index", index);
            w.WriteBase64String("leaf", leaf);
            w.WritePropertyName("entry");
            w.WriteRawValue(leaf, skipInputValidation: true);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(writer);
        return buffer.ToArray();
    }
}
