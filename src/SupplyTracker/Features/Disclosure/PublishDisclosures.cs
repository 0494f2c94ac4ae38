using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using Entry = SupplyTracker.Domain.Disclosure;

namespace SupplyTracker.Features.Disclosure;

/// <summary>
/// Appends every event not yet disclosed to the log, in order, and signs the new tree head, all in one write
/// transaction: a crash publishes all of a batch or none of it, and a replay finds nothing left to publish.
/// A request rather than a command: the system runs it every hour, and the audit log records people's commands, not the clock's.
/// </summary>
public sealed record PublishDisclosures : IRequest<DisclosuresPublished>;

public sealed record DisclosuresPublished(int Published, long TreeSize, bool Signed);

public sealed class PublishDisclosuresHandler(SupplyTrackerDbContext db, DisclosureSources sources, TimeProvider clock)
    : IRequestHandler<PublishDisclosures, DisclosuresPublished>
{
    public async ValueTask<DisclosuresPublished> Handle(PublishDisclosures command, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
            return await PublishAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var published = await PublishAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return published;
    }

    private async Task<DisclosuresPublished> PublishAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var publishedAt = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()).UtcDateTime;
        var head = await db.DisclosureTreeHeads.AsNoTracking().OrderByDescending(h => h.Id).FirstOrDefaultAsync(cancellationToken);
        var cursor = head?.LedgerSequence ?? 0;
        var tail = await sources.LedgerTailAsync(cancellationToken);
        var size = await db.Disclosures.AsNoTracking().MaxAsync(d => (long?)d.Index, cancellationToken) + 1 ?? 0;

        var pending = await sources.PendingAsync(cursor, cancellationToken);
        // Corrections last within a timestamp, so the entry a correction names is always earlier in the log.
        var ordered = pending.OrderBy(p => p.OccurredAt).ThenBy(p => p.CorrectsKey is null ? 0 : 1).ThenBy(p => p.Key[0]).ThenBy(p => p.Order);
        var indexes = new Dictionary<string, long>(StringComparer.Ordinal);
        var added = new List<Entry>();
        foreach (var item in ordered)
        {
            long? corrects = null;
            if (item.CorrectsKey is { } key)
            {
                corrects = indexes.TryGetValue(key, out var inBatch) ? inBatch : await sources.PublishedIndexAsync(key, cancellationToken);
                // A reversal of something never disclosed (a stock count) corrects nothing public.
                if (corrects is null && key[0] == 'm') continue;
            }
            var entry = item.Create(size + added.Count, corrects, publishedAt);
            indexes[item.Key] = entry.Index;
            if (entry.DonationId is { } donationId && entry.Kind is not (DisclosureKind.ReceiptVoided or DisclosureKind.Correction))
                indexes.TryAdd($"d:{donationId}", entry.Index);
            added.Add(entry);
        }

        if (head is not null && added.Count == 0 && tail == cursor)
            return new DisclosuresPublished(0, head.TreeSize, false);

        db.Disclosures.AddRange(added);
        await db.SaveChangesAsync(cancellationToken);

        var leafHashes = await db.Disclosures.AsNoTracking().OrderBy(d => d.Index).Select(d => d.LeafHash).ToListAsync(cancellationToken);
        var treeSize = leafHashes.Count;
        var root = new MerkleTree(leafHashes).Root(treeSize);
        var timestamp = now.ToUnixTimeMilliseconds();
        using var signingKey = await TreeHeadSigning.KeyAsync(db, now.UtcDateTime, cancellationToken);
        db.DisclosureTreeHeads.Add(new DisclosureTreeHead(treeSize, timestamp, root, TreeHeadSigning.Sign(signingKey, timestamp, treeSize, root), tail));
        await db.SaveChangesAsync(cancellationToken);
        return new DisclosuresPublished(added.Count, treeSize, true);
    }
}
