using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Recalls;

/// <summary>A recall with its lots and every station's progress; a Station caller sees it only when it was notified, and only its own notice.</summary>
public sealed record GetRecall(int RecallId) : IQuery<RecallView?>;

/// <summary>Recalls, newest first; a Station caller sees those it was notified of.</summary>
public sealed record ListRecalls : IQuery<IReadOnlyList<RecallView>>;

public sealed record RecallView(int Id, int ItemId, string ItemCode, string Item, IReadOnlyList<string> LotNumbers, string Reason, RecallSource Source,
    string RaisedBy, DateTime RaisedAt, int Version, IReadOnlyList<RecallNoticeView> Notices)
{
    public int Confirmed => Notices.Count(n => n.ConfirmedAt is not null);
}

public sealed record RecallNoticeView(int LocationId, string LocationCode, string Location, long QuantityHeldAtRecall, DateTime? ConfirmedAt, string? ConfirmedBy);

public sealed class GetRecallHandler(SupplyTrackerDbContext db, CallerContext scope) : IQueryHandler<GetRecall, RecallView?>, IQueryHandler<ListRecalls, IReadOnlyList<RecallView>>
{
    public async ValueTask<RecallView?> Handle(GetRecall query, CancellationToken cancellationToken) =>
        (await LoadAsync(db.Recalls.Where(r => r.Id == query.RecallId), cancellationToken)).SingleOrDefault();

    public async ValueTask<IReadOnlyList<RecallView>> Handle(ListRecalls query, CancellationToken cancellationToken) =>
        await LoadAsync(db.Recalls.OrderByDescending(r => r.Id), cancellationToken);

    private async Task<List<RecallView>> LoadAsync(IQueryable<Recall> recalls, CancellationToken cancellationToken)
    {
        var own = scope.StationLocationId;
        if (own is { } station) recalls = recalls.Where(r => r.Notices.Any(n => n.LocationId == station));
        var rows = await recalls.AsNoTracking().AsSplitQuery().Include(r => r.Item).Include(r => r.Lots).ThenInclude(l => l.Lot).Include(r => r.Notices)
            .ToListAsync(cancellationToken);
        var locations = await db.Locations.AsNoTracking().ToDictionaryAsync(l => l.Id, cancellationToken);
        return [.. rows.Select(r => new RecallView(r.Id, r.ItemId, r.Item.Code, Infrastructure.Localization.Localized.DisplayName(r.Item),
            [.. r.Lots.Select(l => l.Lot.LotNumber).Order()], r.Reason, r.Source, r.RaisedBy, r.RaisedAt, r.Version,
            [.. r.Notices.Where(n => own is null || n.LocationId == own).OrderBy(n => locations[n.LocationId].Code)
                .Select(n => new RecallNoticeView(n.LocationId, locations[n.LocationId].Code, Infrastructure.Localization.Localized.DisplayName(locations[n.LocationId]),
                    n.QuantityHeldAtRecall, n.ConfirmedAt, n.ConfirmedBy))]))];
    }
}
