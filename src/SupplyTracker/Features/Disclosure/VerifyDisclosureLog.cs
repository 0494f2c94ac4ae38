using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;

namespace SupplyTracker.Features.Disclosure;

public sealed record LogVerification(bool Ok, long EntriesChecked, long TreeHeadsChecked, string? Problem);

/// <summary>
/// The log's part of verify-ledger: every stored leaf is its entry's canonical bytes and hashes to its stored leaf
/// hash; every stored tree head's root is the tree of those leaves, its signature verifies, and it is consistent with the next.
/// </summary>
public static class VerifyDisclosureLog
{
    public static async Task<LogVerification> RunAsync(SupplyTrackerDbContext db, CancellationToken ct)
    {
        var leafHashes = new List<byte[]>();
        await foreach (var entry in db.Disclosures.AsNoTracking().OrderBy(d => d.Index).AsAsyncEnumerable().WithCancellation(ct))
        {
            var at = leafHashes.Count;
            if (entry.Index != at)
                return Broken(at, 0, $"expected entry {at} but found {entry.Index}: an entry is missing or renumbered.");
            if (!Domain.Disclosure.HashLeaf(entry.Leaf).AsSpan().SequenceEqual(entry.LeafHash))
                return Broken(at, 0, $"entry {at}'s leaf bytes do not hash to its stored leaf hash.");
            if (!System.Text.Encoding.UTF8.GetBytes(entry.CanonicalJson()).AsSpan().SequenceEqual(entry.Leaf))
                return Broken(at, 0, $"entry {at}'s fields differ from its published leaf bytes: the entry was edited.");
            leafHashes.Add(entry.LeafHash);
        }

        var heads = await db.DisclosureTreeHeads.AsNoTracking().OrderBy(h => h.Id).ToListAsync(ct);
        if (heads.Count == 0)
            return leafHashes.Count == 0 ? new LogVerification(true, 0, 0, null) : Broken(leafHashes.Count, 0, "entries exist but no tree head was ever signed.");
        using var key = await TreeHeadSigning.PublicKeyAsync(db, ct);
        if (key is null)
            return Broken(leafHashes.Count, 0, "tree heads exist but the log key is gone.");

        var tree = new MerkleTree(leafHashes);
        for (var i = 0; i < heads.Count; i++)
        {
            var head = heads[i];
            if (!TreeHeadSigning.Verify(key, head.Timestamp, head.TreeSize, head.RootHash, head.Signature))
                return Broken(leafHashes.Count, i, $"the signature of tree head {head.Id} (size {head.TreeSize}) does not verify.");
            if (head.TreeSize > tree.Size)
                return Broken(leafHashes.Count, i, $"tree head {head.Id} covers {head.TreeSize} entries but only {tree.Size} are stored: entries were removed.");
            if (!tree.Root(head.TreeSize).AsSpan().SequenceEqual(head.RootHash))
                return Broken(leafHashes.Count, i, $"tree head {head.Id} (size {head.TreeSize}) does not match the stored entries: history was rewritten.");
            if (i == 0) continue;
            var previous = heads[i - 1];
            if (head.TreeSize < previous.TreeSize
                || (previous.TreeSize > 0 && !MerkleProofs.VerifyConsistency(previous.TreeSize, head.TreeSize, previous.RootHash, head.RootHash,
                    tree.ConsistencyProof(previous.TreeSize, head.TreeSize))))
                return Broken(leafHashes.Count, i, $"tree head {head.Id} is not consistent with tree head {previous.Id}.");
        }
        return new LogVerification(true, leafHashes.Count, heads.Count, null);
    }

    private static LogVerification Broken(long entries, long heads, string problem) => new(false, entries, heads, "disclosure log: " + problem);
}
