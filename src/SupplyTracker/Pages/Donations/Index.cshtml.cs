using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Features.Donations;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Donations;

/// <summary>Donations searched, filtered, sorted and paged (<see cref="ListDonations"/>); the same list as CSV or .xlsx.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public DonationList Data { get; private set; } = null!;
    public ListView List { get; private set; } = null!;
    public int? DonorId { get; private set; }
    public int? LocationId { get; private set; }
    public int? ItemId { get; private set; }
    public DonationListStatus? Status { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] ListParameters list, int? donorId, int? locationId, int? itemId, DonationListStatus? status,
        CancellationToken cancellationToken)
    {
        (DonorId, LocationId, ItemId, Status) = (donorId, locationId, itemId, status);
        Data = await mediator.Send(new ListDonations(list.Window, donorId, locationId, itemId, status), cancellationToken);
        List = ListView.Of(Request, Columns(), Data.Page, list);
        if (list.Exporting)
            return ListExport.File(list.Export!, t["Donations"], [.. List.Columns.Select(c => c.Header)], Data.Page.Rows.Select(Cells));
        return Page();
    }

    private List<ListColumn> Columns() =>
    [
        new(t["No."], "id"), new(t["Received on"], "receivedOn", DefaultDescending: true), new(t["Donor"], "donor"), new(t["Donor's reference"], "reference"),
        new(t["Location"], "location"), new(t["Lines"], "lines", Numeric: true), new(t["Quantity"], Numeric: true), new(t["Status"]),
    ];

    public string Quantities(DonationRow row) => string.Join(" · ", row.Quantities.Select(q => DisplayText.Quantity(q.Quantity, q.Unit)));

    public string StatusText(DonationRow row) => string.Join(" · ", new[]
    {
        row.Pending > 0 ? t["{0} to inspect", row.Pending].Value : null,
        row.Quarantined > 0 ? t["{0} in quarantine", row.Quarantined].Value : null,
        row.Pending == 0 && row.Quarantined == 0 ? t["Inspected"].Value : null,
    }.Where(s => s is not null));

    private object?[] Cells(DonationRow row) =>
        [row.Id, DisplayText.Date(row.ReceivedOn), row.Donor, row.Reference, row.Location, row.Lines, Quantities(row), StatusText(row)];
}
