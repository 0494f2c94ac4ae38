using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Disclosure;

/// <param name="Problem">What broke, in English (the CLI and the API).</param>
/// <param name="Cause">The same as a code with arguments, for a page to say in the reader's language.</param>
public sealed record LogVerification(bool Ok, long EntriesChecked, long TreeHeadsChecked, string? Problem, CodedError? Cause = null);

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
                return Broken(at, 0, $"expected entry {at} but found {entry.Index}: an entry is missing or renumbered.",
                    ErrorCodes.DisclosureEntryMissing, at, entry.Index);
            if (!Domain.Disclosure.HashLeaf(entry.Leaf).AsSpan().SequenceEqual(entry.LeafHash))
                return Broken(at, 0, $"entry {at}'s leaf bytes do not hash to its stored leaf hash.", ErrorCodes.DisclosureLeafHashMismatch, at);
            if (!System.Text.Encoding.UTF8.GetBytes(entry.CanonicalJson()).AsSpan().SequenceEqual(entry.Leaf))
                return Broken(at, 0, $"entry {at}'s fields differ from its published leaf bytes: the entry was edited.", ErrorCodes.DisclosureEntryEdited, at);
            leafHashes.Add(entry.LeafHash);
        }

        var heads = await db.DisclosureTreeHeads.AsNoTracking().OrderBy(h => h.Id).ToListAsync(ct);
        if (heads.Count == 0)
            return leafHashes.Count == 0 ? new LogVerification(true, 0, 0, null) : Broken(leafHashes.Count, 0, "entries exist but no tree head was ever signed.", ErrorCodes.DisclosureHeadMissing);
        using var key = await TreeHeadSigning.PublicKeyAsync(db, ct);
        if (key is null)
            return Broken(leafHashes.Count, 0, "tree heads exist but the log key is gone.", ErrorCodes.DisclosureKeyMissing);

        var tree = new MerkleTree(leafHashes);
        for (var i = 0; i < heads.Count; i++)
        {
            var head = heads[i];
            if (!TreeHeadSigning.Verify(key, head.Timestamp, head.TreeSize, head.RootHash, head.Signature))
                return Broken(leafHashes.Count, i, $"the signature of tree head {head.Id} (size {head.TreeSize}) does not verify.",
                    ErrorCodes.DisclosureSignatureInvalid, head.Id, head.TreeSize);
            if (head.TreeSize > tree.Size)
                return Broken(leafHashes.Count, i, $"tree head {head.Id} covers {head.TreeSize} entries but only {tree.Size} are stored: entries were removed.",
                    ErrorCodes.DisclosureEntriesRemoved, head.Id, head.TreeSize, tree.Size);
            if (!tree.Root(head.TreeSize).AsSpan().SequenceEqual(head.RootHash))
                return Broken(leafHashes.Count, i, $"tree head {head.Id} (size {head.TreeSize}) does not match the stored entries: history was rewritten.",
                    ErrorCodes.DisclosureHistoryRewritten, head.Id, head.TreeSize);
            if (i == 0) continue;
            var previous = heads[i - 1];
            if (head.TreeSize < previous.TreeSize
                || (previous.TreeSize > 0 && !MerkleProofs.VerifyConsistency(previous.TreeSize, head.TreeSize, previous.RootHash, head.RootHash,
                    tree.ConsistencyProof(previous.TreeSize, head.TreeSize))))
                return Broken(leafHashes.Count, i, $"tree head {head.Id} is not consistent with tree head {previous.Id}.",
                    ErrorCodes.DisclosureHeadInconsistent, head.Id, previous.Id);
        }
        return new LogVerification(true, leafHashes.Count, heads.Count, null);
    }

    private static LogVerification Broken(long entries, long heads, string problem, ErrorCode code, params object?[] values) =>
        new(false, entries, heads, "disclosure log: " + problem, new CodedError("", code, code.Bind("", values)));
}
