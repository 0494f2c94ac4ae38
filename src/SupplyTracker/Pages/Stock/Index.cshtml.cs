using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Stock;

/// <summary>Stock balances per location × item × lot (<see cref="ListStock"/>).</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public StockFilter Filter { get; private set; } = null!;
    public IReadOnlyList<StockRow> Rows { get; private set; } = [];
    public int PageNumber { get; private set; } = 1;
    public bool HasNext { get; private set; }

    public async Task OnGetAsync(int? locationId, int? itemId, string? lot, bool includeEmpty, int pageNumber = 1, CancellationToken cancellationToken = default)
    {
        var data = await mediator.Send(new ListStock(locationId, itemId, lot, includeEmpty, pageNumber), cancellationToken);
        (Filter, Rows, PageNumber, HasNext) = (new StockFilter(data.Filter), data.Rows, data.PageNumber, data.HasNext);
    }
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

    public string Query(object? extra = null) =>
        string.Join("&", new[] { LocationFixed ? null : LocationId is { } l ? $"locationId={l}" : null, ItemId is { } i ? $"itemId={i}" : null,
            string.IsNullOrWhiteSpace(Lot) ? null : $"lot={Uri.EscapeDataString(Lot)}", extra?.ToString() }.Where(p => p is not null));
}
