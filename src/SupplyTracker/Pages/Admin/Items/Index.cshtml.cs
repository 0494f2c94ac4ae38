using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Admin.Items;

[Authorize(Policy = Policies.Catalog)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<Item> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Items = await mediator.Send(new ListItems(), cancellationToken);
}
