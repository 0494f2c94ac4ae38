using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stations;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Station;

/// <summary>A station's own stock, days of cover and requests (<see cref="GetStationHome"/>). Station users see only their own; others pick a station.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public StationHome Data { get; private set; } = null!;

    public Location? Location => Data.Location;
    public IReadOnlyList<(int Id, string Name)> Stations => Data.Stations;
    public IReadOnlyList<StationStockRow> Stock => Data.Stock;
    public IReadOnlyList<StationCoverRow> Cover => Data.Cover;
    public IReadOnlyList<StationRequestRow> Requests => Data.Requests;

    public async Task<IActionResult> OnGetAsync(int? locationId, CancellationToken cancellationToken)
    {
        if (await mediator.Send(new GetStationHome(locationId), cancellationToken) is not { } home) return NotFound();
        Data = home;
        return Page();
    }
}
