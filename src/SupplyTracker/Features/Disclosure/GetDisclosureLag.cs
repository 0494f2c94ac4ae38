using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;

namespace SupplyTracker.Features.Disclosure;

/// <summary>
/// How long the oldest event not yet in the disclosure log has waited (zero when everything is public): the
/// <c>supplytracker.disclosure.lag</c> gauge. Unlike <see cref="GetPublicationLag"/> it reads only what is pending, so a
/// scrape costs what a publication check costs, not a pass over the whole log.
/// </summary>
public sealed record GetDisclosureLag : IQuery<TimeSpan>;

public sealed class GetDisclosureLagHandler(SupplyTrackerDbContext db, DisclosureSources sources, TimeProvider clock)
    : IQueryHandler<GetDisclosureLag, TimeSpan>
{
    public async ValueTask<TimeSpan> Handle(GetDisclosureLag query, CancellationToken cancellationToken)
    {
        var cursor = await db.DisclosureTreeHeads.AsNoTracking().OrderByDescending(h => h.Id)
            .Select(h => (long?)h.LedgerSequence).FirstOrDefaultAsync(cancellationToken) ?? 0;
        var pending = await sources.PendingAsync(cursor, cancellationToken);
        if (pending.Count == 0) return TimeSpan.Zero;
        var waited = clock.GetUtcNow().UtcDateTime - pending.Min(p => p.OccurredAt);
        return waited > TimeSpan.Zero ? waited : TimeSpan.Zero;
    }
}
