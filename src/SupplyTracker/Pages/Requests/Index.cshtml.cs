using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Requests;

/// <summary>Requests searched, filtered, sorted and paged (<see cref="ListRequests"/>); the same list as CSV or .xlsx.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t, DeploymentTime time) : PageModel
{
    public RequestList Data { get; private set; } = null!;
    public ListView List { get; private set; } = null!;
    public RequestStatus? Status { get; private set; }
    public RequestPriority? Priority { get; private set; }
    public int? LocationId { get; private set; }
    public int? ItemId { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] ListParameters list, RequestStatus? status, RequestPriority? priority, int? locationId, int? itemId,
        CancellationToken cancellationToken)
    {
        (Status, Priority, LocationId, ItemId) = (status, priority, locationId, itemId);
        Data = await mediator.Send(new ListRequests(status, list.Window, locationId, priority, itemId), cancellationToken);
        List = ListView.Of(Request, Columns(), Data.Page, list);
        if (list.Exporting)
            return ListExport.File(list.Export!, t["Requests"], [.. List.Columns.Select(c => c.Header)], Data.Rows.Select(Cells));
        return Page();
    }

    private List<ListColumn> Columns() =>
    [
        new(t["No."], "id", DefaultDescending: true), new(t["Station"], "station"), new(t["Priority"], "priority"), new(t["Status"], "status"), new(t["Needed by"], "neededBy"),
        new(t["Created"], "created"), new(t["Lines"], "lines", Numeric: true), new(t["Requested"], Numeric: true),
    ];

    public string Created(RequestRow r) => DisplayText.Time(r.CreatedAt, time);

    public static string Requested(RequestRow r) => string.Join(" · ", r.Requested.Select(q => DisplayText.Quantity(q.Quantity, q.Unit)));

    private object?[] Cells(RequestRow r) =>
        [r.Number, r.Station, t[r.Priority.ToString()].Value, t[r.Status.ToString()].Value, DisplayText.Date(r.NeededBy), Created(r), r.Lines, Requested(r)];
}
