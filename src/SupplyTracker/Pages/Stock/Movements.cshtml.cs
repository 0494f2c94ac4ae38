using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Stock;

/// <summary>The ledger, newest first (<see cref="ListMovements"/>).</summary>
[Authorize(Policy = Policies.Read)]
public sealed class MovementsModel(IMediator mediator) : PageModel
{
    public StockFilter Filter { get; private set; } = null!;
    public IReadOnlyList<MovementRow> Rows { get; private set; } = [];
    public long? NextBefore { get; private set; }

    public async Task OnGetAsync(int? locationId, int? itemId, string? lot, long? before, CancellationToken cancellationToken)
    {
        var data = await mediator.Send(new ListMovements(locationId, itemId, lot, before), cancellationToken);
        (Filter, Rows, NextBefore) = (new StockFilter(data.Filter), data.Rows, data.NextBefore);
    }
}
