using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Alerts;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Stock;

/// <summary>
/// Clears a location of expired stock in one step (<see cref="WriteOffExpired"/>): the page lists what is past its expiry
/// there, the officer confirms, and the lots written off are listed back. A Station user sees only its own post.
/// </summary>
[Authorize(Policy = Policies.Stock)]
public sealed class WriteOffExpiredModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? LocationId { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public IReadOnlyList<Location> Locations { get; private set; } = [];

    public IReadOnlyList<ExpiringLot> Expired { get; private set; } = [];

    public IReadOnlyList<ExpiredLotWrittenOff>? WrittenOff { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (LocationId is { } location)
        {
            try
            {
                WrittenOff = await mediator.Send(new WriteOffExpired(location, Note), cancellationToken);
                TempData["Message"] = t["Written off: {0} expired lots.", WrittenOff.Count].Value;
            }
            catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => field.Equals("note", StringComparison.OrdinalIgnoreCase) ? "Note"
                                          : field.Equals("locationId", StringComparison.OrdinalIgnoreCase) ? "LocationId" : string.Empty))
            {
            }
        }
        else
        {
            ModelState.AddModelError(nameof(LocationId), t["Choose a location."]);
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Locations = await mediator.Send(new ListLocations(), cancellationToken);
        if (LocationId is null && Locations.Count == 1) LocationId = Locations[0].Id;
        Expired = LocationId is { } id && Locations.Any(l => l.Id == id)
            ? [.. (await mediator.Send(new ListExpiringLots(id), cancellationToken)).Where(l => l.IsExpired)]
            : [];
    }
}
