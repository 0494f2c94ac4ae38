using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Pledges;

/// <summary>One pledge with its lines, as the pages show it (null when there is none).</summary>
public sealed record GetPledge(int PledgeId) : IQuery<PledgeView?>;

/// <summary>Pledges, open ones first by expected day (overdue first), then the closed ones newest first; optionally of one state.</summary>
public sealed record ListPledges(PledgeState? State = null) : IQuery<IReadOnlyList<PledgeView>>;

/// <summary>
/// The dashboard's "expected arrivals": every open pledge expected within <paramref name="Days"/> days from today
/// (the deployment's day) and every overdue one, earliest first.
/// </summary>
public sealed record ListExpectedArrivals(int Days = 7) : IQuery<IReadOnlyList<PledgeView>>;

public sealed record PledgeView(int Id, int DonorId, string Donor, string? ContactName, string? ContactPhone, DateOnly ExpectedOn, PledgeState State,
    int ReceivingLocationId, string ReceivingLocation, int? DirectedToLocationId, string? DirectedToLocation, string? Note, int? DonationId,
    string? CancelReason, string CreatedBy, DateTime CreatedAt, string? ClosedBy, DateTime? ClosedAt, int Version, IReadOnlyList<PledgeLineView> Lines)
{
    public bool IsOpen => State is PledgeState.Pledged or PledgeState.Overdue;
}

/// <param name="Quantity">Base units.</param>
/// <param name="PackCount">So many of <paramref name="PackName"/> (of <paramref name="PackQuantity"/> each) when the line was pledged in packs.</param>
public sealed record PledgeLineView(int LineNumber, int ItemId, string ItemCode, string Item, string BaseUnit, bool TracksExpiry, long Quantity,
    int? PackId, string? PackName, long? PackQuantity, long? PackCount, string? LotNumber, DateOnly? ExpiresOn);

public sealed class GetPledgeHandler(SupplyTrackerDbContext db, CallerContext caller)
    : IQueryHandler<GetPledge, PledgeView?>, IQueryHandler<ListPledges, IReadOnlyList<PledgeView>>, IQueryHandler<ListExpectedArrivals, IReadOnlyList<PledgeView>>
{
    public const int MaxListed = 500;

    public async ValueTask<PledgeView?> Handle(GetPledge query, CancellationToken cancellationToken) =>
        (await LoadAsync(db.Pledges.Where(p => p.Id == query.PledgeId), cancellationToken)).SingleOrDefault();

    public async ValueTask<IReadOnlyList<PledgeView>> Handle(ListPledges query, CancellationToken cancellationToken)
    {
        var today = caller.Today;
        var pledges = query.State switch
        {
            PledgeState.Pledged => db.Pledges.Where(p => p.Status == PledgeStatus.Pledged && p.ExpectedOn >= today),
            PledgeState.Overdue => db.Pledges.Where(p => p.Status == PledgeStatus.Pledged && p.ExpectedOn < today),
            PledgeState.Received => db.Pledges.Where(p => p.Status == PledgeStatus.Received),
            PledgeState.Cancelled => db.Pledges.Where(p => p.Status == PledgeStatus.Cancelled),
            _ => db.Pledges,
        };
        var rows = await LoadAsync(pledges.OrderByDescending(p => p.Id).Take(MaxListed), cancellationToken);
        return [.. rows.OrderBy(p => p.IsOpen ? 0 : 1).ThenBy(p => p.IsOpen ? p.ExpectedOn.DayNumber : -p.Id)];
    }

    public async ValueTask<IReadOnlyList<PledgeView>> Handle(ListExpectedArrivals query, CancellationToken cancellationToken)
    {
        var until = caller.Today.AddDays(Math.Clamp(query.Days, 0, 366));
        var rows = await LoadAsync(db.Pledges.Where(p => p.Status == PledgeStatus.Pledged && p.ExpectedOn <= until)
            .OrderBy(p => p.ExpectedOn).ThenBy(p => p.Id).Take(MaxListed), cancellationToken);
        return [.. rows.OrderBy(p => p.ExpectedOn).ThenBy(p => p.Id)];
    }

    private async Task<List<PledgeView>> LoadAsync(IQueryable<Pledge> pledges, CancellationToken cancellationToken)
    {
        var rows = await pledges.AsNoTracking().AsSplitQuery().Include(p => p.Donor).Include(p => p.Lines).ThenInclude(l => l.Item)
            .Include(p => p.Lines).ThenInclude(l => l.Pack).ToListAsync(cancellationToken);
        var locationIds = rows.SelectMany(p => new[] { p.ReceivingLocationId, p.DirectedToLocationId ?? p.ReceivingLocationId }).Distinct().ToList();
        var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        var today = caller.Today;
        return [.. rows.Select(p => new PledgeView(p.Id, p.DonorId, p.Donor.Name, p.ContactName, p.ContactPhone, p.ExpectedOn, p.StateOn(today),
            p.ReceivingLocationId, locations[p.ReceivingLocationId].DisplayName(), p.DirectedToLocationId,
            p.DirectedToLocationId is { } d ? locations[d].DisplayName() : null, p.Note, p.DonationId, p.CancelReason, p.CreatedBy, p.CreatedAt,
            p.ClosedBy, p.ClosedAt, p.Version,
            [.. p.Lines.OrderBy(l => l.LineNumber).Select(l => new PledgeLineView(l.LineNumber, l.ItemId, l.Item.Code, l.Item.DisplayName(), l.Item.BaseUnit,
                l.Item.TracksExpiry, l.Quantity, l.PackId, l.Pack is { } pack ? Localized.Name(pack.NameZhHant, pack.NameZhHans, pack.NameEn) : null,
                l.Pack?.Quantity, l.PackCount, l.LotNumber, l.ExpiresOn))]))];
    }
}

/// <summary>How far ahead the dashboard looks for pledged deliveries.</summary>
public static class ExpectedArrivalsDays
{
    public const int Default = 7;
}
