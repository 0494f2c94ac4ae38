using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Features.Donations;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Donations;

/// <summary>Donations newest first (<see cref="ListDonations"/>).</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<DonationRow> Rows { get; private set; } = [];

    /// <summary>Keyset paging: the id of the last row of the previous page.</summary>
    public int? NextBefore { get; private set; }

    public async Task OnGetAsync(int? before, CancellationToken cancellationToken)
    {
        var data = await mediator.Send(new ListDonations(before), cancellationToken);
        (Rows, NextBefore) = (data.Rows, data.NextBefore);
    }
}
