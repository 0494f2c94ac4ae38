using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Catalog;

/// <summary>Locations searched (code, names in every language), filtered (kind), sorted and paged; a Station caller gets only its own.</summary>
public sealed record SearchLocations(ListWindow Window, LocationKind? Kind = null) : IQuery<Paged<Location>>;

public sealed class SearchLocationsHandler(SupplyTrackerDbContext db, CallerContext scope) : IQueryHandler<SearchLocations, Paged<Location>>
{
    private static readonly ListSorts<Location> Sorts = new ListSorts<Location>()
        .By("code", l => l.Code)
        .By("nameZhHant", l => l.Name)
        .By("nameZhHans", l => l.NameZhHans)
        .By("nameEn", l => l.NameEn)
        .By("kind", l => l.Kind)
        .By("headcount", l => l.HeadcountPerShift)
        .By("shifts", l => l.ShiftsPerDay)
        .ThenBy(l => l.Id);

    public async ValueTask<Paged<Location>> Handle(SearchLocations query, CancellationToken cancellationToken)
    {
        var locations = db.Locations.AsNoTracking().VisibleTo(scope);
        if (query.Window.SearchText is { } text)
        {
            var like = ListSearch.Like(text);
            locations = locations.Where(l => EF.Functions.Like(l.Code, like) || EF.Functions.Like(l.Name, like) || EF.Functions.Like(l.NameZhHans, like)
                || EF.Functions.Like(l.NameEn, like));
        }
        if (query.Kind is { } kind) locations = locations.Where(l => l.Kind == kind);
        return await locations.PageAsync(query.Window, Sorts, l => l, cancellationToken);
    }
}
