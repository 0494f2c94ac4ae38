using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Admin.Locations;

/// <summary>Locations searched, filtered by kind, sorted and paged (<see cref="SearchLocations"/>); the same list as CSV or .xlsx.</summary>
[Authorize(Policy = Policies.Catalog)]
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public Paged<Location> Locations { get; private set; } = null!;
    public ListView List { get; private set; } = null!;
    public LocationKind? Kind { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] ListParameters list, LocationKind? kind, CancellationToken cancellationToken)
    {
        Kind = kind;
        Locations = await mediator.Send(new SearchLocations(list.Window, kind), cancellationToken);
        List = ListView.Of(Request, Columns(), Locations, list);
        if (list.Exporting)
            return ListExport.File(list.Export!, t["Locations"], [.. List.Columns.Select(c => c.Header)], Locations.Rows.Select(Cells));
        return Page();
    }

    private List<ListColumn> Columns() =>
    [
        new(t["Code"], "code", DefaultDescending: false), new("繁體中文", "nameZhHant"), new("简体中文", "nameZhHans"), new("English", "nameEn"),
        new(t["Kind"], "kind"), new(t["Headcount per shift"], "headcount", Numeric: true), new(t["Shifts per day"], "shifts", Numeric: true),
    ];

    private object?[] Cells(Location l) =>
        [l.Code, l.Name, l.NameZhHans, l.NameEn, t[l.Kind.ToString()].Value, l.HeadcountPerShift, l.ShiftsPerDay];
}
