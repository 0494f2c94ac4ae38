using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Requests;

/// <summary>Requests newest first (<see cref="ListRequests"/>).</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<RequestRow> Rows { get; private set; } = [];
    public RequestStatus? Status { get; private set; }
    public int? NextBefore { get; private set; }

    public async Task OnGetAsync(RequestStatus? status, int? before, CancellationToken cancellationToken)
    {
        Status = status;
        var data = await mediator.Send(new ListRequests(status, before), cancellationToken);
        (Rows, NextBefore) = (data.Rows, data.NextBefore);
    }
}
