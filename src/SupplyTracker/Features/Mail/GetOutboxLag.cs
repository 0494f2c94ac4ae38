using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Mail;

/// <summary>
/// The age of the oldest mail still waiting to go out (queued or being sent), zero when none waits: the
/// <c>supplytracker.outbox.lag</c> gauge. One indexed query.
/// </summary>
public sealed record GetOutboxLag : IQuery<TimeSpan>;

public sealed class GetOutboxLagHandler(SupplyTrackerDbContext db, TimeProvider clock) : IQueryHandler<GetOutboxLag, TimeSpan>
{
    public async ValueTask<TimeSpan> Handle(GetOutboxLag query, CancellationToken cancellationToken)
    {
        var oldest = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Queued || m.Status == OutboxStatus.Sending)
            .MinAsync(m => (DateTime?)m.CreatedAt, cancellationToken);
        var waited = oldest is { } at ? clock.GetUtcNow().UtcDateTime - at : TimeSpan.Zero;
        return waited > TimeSpan.Zero ? waited : TimeSpan.Zero;
    }
}
