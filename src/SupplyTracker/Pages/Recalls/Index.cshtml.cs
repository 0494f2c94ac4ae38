using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Features.Recalls;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Recalls;

[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<RecallView> Recalls { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Recalls = await mediator.Send(new ListRecalls(), cancellationToken);
}
