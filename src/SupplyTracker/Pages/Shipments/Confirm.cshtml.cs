using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Features.Shipments;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Shipments;

/// <summary>
/// What the waybill's QR code opens: after sign-in, the request page where the receiving station confirms the
/// shipment line by line (its confirmation form). A shipment the caller may not see is 404.
/// </summary>
[Authorize(Policy = Policies.Read)]
public sealed class ConfirmModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await mediator.Send(new FindShipmentRequest(id), cancellationToken) is { } requestId
            ? Redirect($"{Url.Content("~/")}Requests/Details/{requestId}#confirm-delivery")
            : NotFound();
}
