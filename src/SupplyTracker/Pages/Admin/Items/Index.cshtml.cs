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

namespace SupplyTracker.Pages.Admin.Items;

/// <summary>The catalogue searched, filtered by category, sorted and paged (<see cref="SearchItems"/>); the same list as CSV or .xlsx.</summary>
[Authorize(Policy = Policies.Catalog)]
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public Paged<Item> Items { get; private set; } = null!;
    public ListView List { get; private set; } = null!;
    public ItemCategory? Category { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] ListParameters list, ItemCategory? category, CancellationToken cancellationToken)
    {
        Category = category;
        Items = await mediator.Send(new SearchItems(list.Window, category), cancellationToken);
        List = ListView.Of(Request, Columns(), Items, list);
        if (list.Exporting)
            return ListExport.File(list.Export!, t["Items"], [.. List.Columns.Select(c => c.Header)], Items.Rows.Select(Cells));
        return Page();
    }

    // The three names are headed by their language's own name, as on the edit form.
    private List<ListColumn> Columns() =>
    [
        new(t["Code"], "code", DefaultDescending: false), new("繁體中文", "nameZhHant"), new("简体中文", "nameZhHans"), new("English", "nameEn"),
        new(t["Category"], "category"), new(t["Unit"], "unit"), new(t["Pack size"], "packSize", Numeric: true), new(t["Standard"], "standard"),
        new(t["Lot and expiry"], "expiry"), new(t["Reorder level"], "reorder", Numeric: true),
    ];

    private object?[] Cells(Item i) =>
    [
        i.Code, i.NameZhHant, i.NameZhHans, i.NameEn, t[i.Category.ToString()].Value, DisplayText.Unit(i.BaseUnit), i.PackSize, i.ProductStandard,
        i.TracksExpiry ? t["Yes"].Value : t["No"].Value, i.ReorderLevel,
    ];
}
