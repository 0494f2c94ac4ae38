using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;

namespace SupplyTracker.Features.Disclosure;

/// <summary>How late publication is: the oldest event not yet public, and how many events are or were later than the promise.</summary>
public sealed record GetPublicationLag : IQuery<PublicationLag>;

/// <param name="Lag">How long the oldest unpublished event has waited (zero when everything is public).</param>
/// <param name="Overdue">Unpublished events older than <paramref name="MaxDelay"/>.</param>
/// <param name="PublishedLate">Published entries that took longer than <paramref name="MaxDelay"/>.</param>
public sealed record PublicationLag(TimeSpan Lag, int Pending, int Overdue, int PublishedLate, DateTime? LastPublishedAt, long TreeSize, TimeSpan MaxDelay);

public sealed class GetPublicationLagHandler(SupplyTrackerDbContext db, DisclosureSources sources, TimeProvider clock, IOptions<DisclosureOptions> options)
    : IQueryHandler<GetPublicationLag, PublicationLag>
{
    public async ValueTask<PublicationLag> Handle(GetPublicationLag query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var maxDelay = options.Value.MaxDelay;
        var head = await db.DisclosureTreeHeads.AsNoTracking().OrderByDescending(h => h.Id).FirstOrDefaultAsync(cancellationToken);
        var pending = await sources.PendingAsync(head?.LedgerSequence ?? 0, cancellationToken);
        var oldest = pending.Count == 0 ? (DateTime?)null : pending.Min(p => p.OccurredAt);
        var published = await db.Disclosures.AsNoTracking().Select(d => new { d.OccurredAt, d.PublishedAt }).ToListAsync(cancellationToken);
        return new PublicationLag(
            oldest is { } since && now > since ? now - since : TimeSpan.Zero,
            pending.Count,
            pending.Count(p => now - p.OccurredAt > maxDelay),
            published.Count(p => p.PublishedAt - p.OccurredAt > maxDelay),
            head is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(head.Timestamp).UtcDateTime,
            head?.TreeSize ?? 0,
            maxDelay);
    }
}
