using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Stock;

/// <summary>Stock balances per location × item × lot (<see cref="ListStock"/>); the same list as CSV or .xlsx.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public StockFilter Filter { get; private set; } = null!;
    public IReadOnlyList<StockRow> Rows { get; private set; } = [];
    public ListView List { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync([FromQuery] ListParameters list, int? locationId, int? itemId, string? lot, bool includeEmpty,
        CancellationToken cancellationToken)
    {
        var data = await mediator.Send(new ListStock(locationId, itemId, lot, includeEmpty, list.Window), cancellationToken);
        Filter = new StockFilter(data.Filter) { List = list, IncludeEmpty = includeEmpty };
        Rows = data.Rows;
        List = ListView.Of(Request, Columns(), data.Page, list);
        if (list.Exporting)
            return ListExport.File(list.Export!, t["Stock"], [.. List.Columns.Where(c => !c.Hidden).Select(c => c.Header), t["Unit"]], Rows.Select(Cells));
        return Page();
    }

    private List<ListColumn> Columns() =>
    [
        new(t["Location"], "location", DefaultDescending: false), new(t["Item"], "item"), new(t["Lot number"], "lot"), new(t["Expires on"], "expires"),
        new(t["On hand"], "onHand", Numeric: true), new(t["Reserved"], "reserved", Numeric: true), new(t["Quarantined"], "quarantined", Numeric: true),
        new(t["Available"], "available", Numeric: true), new(t["Movements"], Hidden: true),
    ];

    private static object?[] Cells(StockRow r) =>
        [r.Location, $"{r.Code} · {r.Item}", r.LotNumber, DisplayText.Date(r.ExpiresOn), r.OnHand, r.Reserved, r.Quarantined, r.Available, DisplayText.Unit(r.Unit)];
}

/// <summary>The stock and movement lists' filter as the page shows it and carries it in links.</summary>
public sealed class StockFilter(StockListFilter filter)
{
    public int? LocationId => filter.LocationId;
    public int? ItemId => filter.ItemId;
    public string? Lot => filter.Lot;
    public bool LocationFixed => filter.LocationFixed;
    public IReadOnlyDictionary<int, Location> LocationsById => filter.LocationsById;
    public IReadOnlyDictionary<int, Item> ItemsById => filter.ItemsById;
    public ListParameters? List { get; init; }
    public MovementKind? Kind { get; init; }
    public bool IncludeEmpty { get; init; }
    /// <summary>The movements list: kind and date range filters too.</summary>
    public bool Ledger { get; init; }

    public string Query(object? extra = null) =>
        string.Join("&", new[] { LocationFixed ? null : LocationId is { } l ? $"locationId={l}" : null, ItemId is { } i ? $"itemId={i}" : null,
            string.IsNullOrWhiteSpace(Lot) ? null : $"lot={Uri.EscapeDataString(Lot)}", extra?.ToString() }.Where(p => p is not null));
}
