using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Features.Reports;

namespace SupplyTracker.Pages;

/// <summary>The public page: the figures of <see cref="GetTransparency"/>.</summary>
[AllowAnonymous]
public sealed class TransparencyModel(IMediator mediator) : PageModel
{
    public Transparency Data { get; private set; } = null!;

    public IReadOnlyList<TransparencyItemTotal> Items => Data.Items;
    public IReadOnlyList<string> Stations => Data.Stations;
    public IReadOnlyList<(string Code, string Item, string Unit, long[] PerStation)> ByStation => Data.ByStation;
    public IReadOnlyList<TransparencyDayTotal> ByDay => Data.ByDay;
    public IReadOnlyList<TransparencyDonorTotal> Donors => Data.Donors;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Data = await mediator.Send(new GetTransparency(), cancellationToken);
}
