using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features;
using SupplyTracker.Features.Pledges;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Pledges;

/// <summary>Pledges searched, filtered (state, still to come, expected between two days), sorted and paged; the same list as CSV or .xlsx.</summary>
[Authorize(Policy = Policies.Outbox)]
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>The state filter's value for "pledged or overdue".</summary>
    public const string Open = "Open";

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    public Paged<PledgeView> Pledges { get; private set; } = null!;
    public ListView List { get; private set; } = null!;

    public bool IsWarehouse => User.IsInRole(Roles.Admin) || User.IsInRole(Roles.Logistics);

    public async Task<IActionResult> OnGetAsync([FromQuery] ListParameters list, CancellationToken cancellationToken)
    {
        var state = Enum.TryParse<PledgeState>(State, ignoreCase: true, out var s) ? s : (PledgeState?)null;
        Pledges = await mediator.Send(new ListPledges(list.Window, state, string.Equals(State, Open, StringComparison.OrdinalIgnoreCase)), cancellationToken);
        List = ListView.Of(Request, Columns(), Pledges, list);
        if (list.Exporting)
            return ListExport.File(list.Export!, t["Pledges"], [.. List.Columns.Select(c => c.Header)], Pledges.Rows.Select(Cells));
        return Page();
    }

    private List<ListColumn> Columns() =>
    [
        new(t["No."], "id"), new(t["Expected on"], "expectedOn", DefaultDescending: true), new(t["Donor"], "donor"), new(t["Goods"]),
        new(t["Directed by the donor to"]), new(t["Status"], "state"),
    ];

    public static IEnumerable<string> Goods(PledgeView pledge) => pledge.Lines.Select(l => $"{l.Item} {DisplayText.Quantity(l.Quantity, l.BaseUnit)}");

    public string StateText(PledgeView pledge) => t["Pledge" + pledge.State] +
        (pledge.DonationId is { } d ? " · " + t["Donation {0}", d] : "");

    private object?[] Cells(PledgeView p) =>
        [p.Id, DisplayText.Date(p.ExpectedOn), p.Donor, string.Join("; ", Goods(p)), p.DirectedToLocation, StateText(p)];
}
