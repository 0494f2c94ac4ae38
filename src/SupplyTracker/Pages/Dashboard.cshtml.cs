using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Domain;
using SupplyTracker.Features.Reports;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages;

/// <summary>The warehouse's overview (<see cref="GetDashboard"/>); a Station user is sent to its own station's page.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class DashboardModel(IMediator mediator) : PageModel
{
    public Dashboard Data { get; private set; } = null!;

    public IReadOnlyList<Location> Locations => Data.Locations;
    public IReadOnlyList<DashboardStockRow> Stock => Data.Stock;
    public IReadOnlyList<DashboardExpiringLot> Expiring => Data.Expiring;
    public IReadOnlyList<DashboardReorder> BelowReorder => Data.BelowReorder;
    public IReadOnlyList<DashboardOpenRequest> OpenRequests => Data.OpenRequests;
    public IReadOnlyList<StationCover> Cover => Data.Cover;
    public IReadOnlyList<(int Id, string Name)> CoverItems => Data.CoverItems;
    public int? CoverItemId => Data.CoverItemId;

    public async Task<IActionResult> OnGetAsync(int? coverItemId, CancellationToken cancellationToken)
    {
        if (User.IsInRole(Roles.Station)) return Redirect("/Station");
        Data = await mediator.Send(new GetDashboard(coverItemId), cancellationToken);
        return Page();
    }
}
