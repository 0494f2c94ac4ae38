using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Pledges;

/// <summary>One pledge with its lines, as the pages show it (null when there is none).</summary>
public sealed record GetPledge(int PledgeId) : IQuery<PledgeView?>;

/// <summary>
/// Pledges searched (number, donor, note), filtered (state, open, expected between the window's dates), sorted (expected day
/// latest first unless asked otherwise) and paged.
/// </summary>
/// <param name="OpenOnly">Only pledged and overdue ones (the goods still to come).</param>
public sealed record ListPledges(ListWindow Window, PledgeState? State = null, bool OpenOnly = false) : IQuery<Paged<PledgeView>>;

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
    : IQueryHandler<GetPledge, PledgeView?>, IQueryHandler<ListPledges, Paged<PledgeView>>, IQueryHandler<ListExpectedArrivals, IReadOnlyList<PledgeView>>
{
    public const int MaxListed = 500;

    public async ValueTask<PledgeView?> Handle(GetPledge query, CancellationToken cancellationToken) =>
        (await LoadAsync(db.Pledges.Where(p => p.Id == query.PledgeId), cancellationToken)).SingleOrDefault();

    private static readonly ListSorts<Pledge> Sorts = new ListSorts<Pledge>()
        .By("expectedOn", p => p.ExpectedOn, defaultDescending: true)
        .By("id", p => p.Id)
        .By("donor", p => p.Donor.Name)
        .By("state", p => p.Status)
        .ThenBy(p => p.Id);

    public async ValueTask<Paged<PledgeView>> Handle(ListPledges query, CancellationToken cancellationToken)
    {
        var today = caller.Today;
        var window = query.Window;
        var pledges = query.State switch
        {
            PledgeState.Pledged => db.Pledges.Where(p => p.Status == PledgeStatus.Pledged && p.ExpectedOn >= today),
            PledgeState.Overdue => db.Pledges.Where(p => p.Status == PledgeStatus.Pledged && p.ExpectedOn < today),
            PledgeState.Received => db.Pledges.Where(p => p.Status == PledgeStatus.Received),
            PledgeState.Cancelled => db.Pledges.Where(p => p.Status == PledgeStatus.Cancelled),
            _ => db.Pledges,
        };
        if (query.OpenOnly) pledges = pledges.Where(p => p.Status == PledgeStatus.Pledged);
        if (window.SearchText is { } text)
        {
            var number = int.TryParse(text, out var n) ? n : (int?)null;
            var like = Catalog.ListSearch.Like(text);
            pledges = pledges.Where(p => p.Id == number || EF.Functions.Like(p.Donor.Name, like) || (p.Note != null && EF.Functions.Like(p.Note, like)));
        }
        if (window.From is { } from) pledges = pledges.Where(p => p.ExpectedOn >= from);
        if (window.To is { } to) pledges = pledges.Where(p => p.ExpectedOn <= to);
        var page = await pledges.AsNoTracking().PageAsync(window, Sorts, p => p.Id, cancellationToken);
        var ids = page.Rows.ToList();
        var rows = (await LoadAsync(db.Pledges.Where(p => ids.Contains(p.Id)), cancellationToken)).ToDictionary(p => p.Id);
        return page.With<PledgeView>([.. ids.Select(id => rows[id])]);
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
