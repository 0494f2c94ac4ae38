using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Stock.Counts;

/// <summary>Blind counting: one quantity per lot, saved as often as needed, then submitted for review.</summary>
[Authorize(Policy = Policies.Stock)]
public sealed class EnterModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public List<long?> Counted { get; set; } = [];

    public StockCountView Count { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        Count = await mediator.Send(new GetStockCount(id), cancellationToken);
        if (Count.Status != Domain.StockCountStatus.Open) return Redirect($"/Stock/Counts/Review/{id}");
        Counted = [.. Count.Lines.Select(l => l.CountedQuantity)];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, string? submit, CancellationToken cancellationToken)
    {
        Count = await mediator.Send(new GetStockCount(id), cancellationToken);
        var entries = Count.Lines.Select((l, i) => (Line: l, Value: i < Counted.Count ? Counted[i] : null))
            .Where(x => x.Value is not null)
            .Select(x => new EnterStockCount.Line(x.Line.Id, x.Value!.Value))
            .ToList();
        try
        {
            if (entries.Count > 0)
                await mediator.Send(new EnterStockCount(id, entries), cancellationToken);
            if (submit is not null)
            {
                await mediator.Send(new SubmitStockCount(id), cancellationToken);
                TempData["Message"] = t["Count submitted for review."].Value;
                return Redirect($"/Stock/Counts/Review/{id}");
            }
            TempData["Message"] = t["Counts saved."].Value;
            return Redirect($"/Stock/Counts/Enter/{id}");
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => MapField(entries, field)))
        {
            return Page();
        }
    }

    // The command numbers only the lines sent; the form numbers every line of the count.
    private string MapField(List<EnterStockCount.Line> sent, string field)
    {
        var match = System.Text.RegularExpressions.Regex.Match(field, @"^[Ll]ines\[(\d+)\]");
        if (!match.Success) return string.Empty;
        var lineId = sent[int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)].LineId;
        return $"Counted[{Count.Lines.ToList().FindIndex(l => l.Id == lineId)}]";
    }
}
