using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Stock;

/// <summary>The ledger searched, filtered, sorted and paged (<see cref="ListMovements"/>); the same list as CSV or .xlsx.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class MovementsModel(IMediator mediator, IStringLocalizer<SharedResource> t, DeploymentTime time) : PageModel
{
    public StockFilter Filter { get; private set; } = null!;
    public IReadOnlyList<MovementRow> Rows { get; private set; } = [];
    public ListView List { get; private set; } = null!;

    /// <param name="before">A keyset position (the movements older than this one; links to it stay valid as the ledger grows).</param>
    public async Task<IActionResult> OnGetAsync([FromQuery] ListParameters list, int? locationId, int? itemId, string? lot, MovementKind? kind, long? before,
        CancellationToken cancellationToken)
    {
        var data = await mediator.Send(new ListMovements(locationId, itemId, lot, list.Window with { Before = before }, kind), cancellationToken);
        Filter = new StockFilter(data.Filter) { List = list, Kind = kind, Ledger = true };
        Rows = data.Rows;
        List = ListView.Of(Request, Columns(), data.Page, list);
        if (list.Exporting)
            return ListExport.File(list.Export!, t["Movements"], [.. List.Columns.Where(c => !c.Hidden).Select(c => c.Header)], Rows.Select(Cells));
        return Page();
    }

    private List<ListColumn> Columns()
    {
        List<ListColumn> columns =
        [
            new(t["No."], "id", DefaultDescending: true), new(t["Time"], "time"), new(t["Kind"], "kind"), new(t["Location"], "location"), new(t["Item"], "item"),
            new(t["Lot number"], "lot"), new(t["Quantity"], "quantity", Numeric: true), new(t["Status"]), new(t["Reference"]), new(t["By"], "by"),
        ];
        if (User.IsInRole(Roles.Admin) || User.IsInRole(Roles.Logistics)) columns.Add(new(t["Reverse"], Hidden: true));
        return columns;
    }

    public string Time(MovementRow m) => DisplayText.Time(m.RecordedAt, time);

    public string KindText(MovementRow m) => m.ReasonCode is null ? t[m.Kind.ToString()] : $"{t[m.Kind.ToString()]} ({t[m.ReasonCode]})";

    public string ItemText(MovementRow m) => Filter.ItemsById[m.ItemId] is var item ? $"{item.Code} · {item.DisplayName()}" : "";

    public string QuantityText(MovementRow m) => DisplayText.SignedQuantity(m.Quantity, Filter.ItemsById[m.ItemId].BaseUnit);

    /// <summary>The source as people name it: its kind and its own number (a shipment's SH-…), else its record number.</summary>
    public string ReferenceText(MovementRow m) => m.ReferenceType switch
    {
        MovementReference.Donation => t["Donation {0}", m.ReferenceId],
        MovementReference.StockCount => t["Count {0}", m.ReferenceId],
        MovementReference.StockMovement => t["Reverses movement {0}", m.ReferenceId],
        MovementReference.AllocationRequest => t["Request {0}", m.ReferenceNumber ?? (object)m.ReferenceId],
        _ => $"{t[m.ReferenceType.ToString()]} {m.ReferenceNumber ?? m.ReferenceId.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
    };

    public static string? ReferenceLink(MovementRow m) => m.ReferenceType switch
    {
        MovementReference.Donation => $"/Donations/Details/{m.ReferenceId}",
        MovementReference.StockCount => $"/Stock/Counts/Review/{m.ReferenceId}",
        MovementReference.AllocationRequest => $"/Requests/Details/{m.ReferenceId}",
        _ => null,
    };

    private object?[] Cells(MovementRow m) =>
        [m.Id, Time(m), KindText(m), Filter.LocationsById[m.LocationId].DisplayName(), ItemText(m), m.LotNumber, QuantityText(m), t[m.Status.ToString()].Value,
            ReferenceText(m), m.RecordedBy];
}
