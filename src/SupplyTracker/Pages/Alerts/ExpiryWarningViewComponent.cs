using Mediator;
using Microsoft.AspNetCore.Mvc;
using SupplyTracker.Features.Alerts;

namespace SupplyTracker.Pages.Alerts;

/// <summary>The expiry warning on a station's page: its own lots that are expired or expire soon.</summary>
public sealed class ExpiryWarningViewComponent(IMediator mediator) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int locationId) =>
        View("~/Pages/Alerts/_ExpiryWarningList.cshtml", await mediator.Send(new ListExpiringLots(locationId)));
}
