using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Consumption;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Station;

/// <summary>A station's daily use: one quantity per item it holds, drawn from its lots earliest expiry first.</summary>
[Authorize(Policy = Policies.Stock)]
public sealed class ConsumptionModel(SupplyTrackerDbContext db, IMediator mediator, IStringLocalizer<SharedResource> t, CallerScope scope, TimeProvider clock) : PageModel
{
    public sealed record ItemRow(int Id, string Code, string Name, string Unit, long Available);

    [BindProperty]
    public ConsumptionInput Input { get; set; } = new();

    public IReadOnlyList<ItemRow> Items { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Stations { get; private set; } = [];

    public async Task OnGetAsync(int? locationId, CancellationToken cancellationToken)
    {
        Input.LocationId = scope.StationLocationId ?? locationId ?? 0;
        Input.ConsumedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await LoadAsync(cancellationToken);
        Input.Quantities = [.. Items.Select(_ => (decimal?)null)];
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (scope.StationLocationId is { } own) Input.LocationId = own;
        await LoadAsync(cancellationToken);
        var lines = Items.Select((item, i) => (item, quantity: i < Input.Quantities.Count ? Input.Quantities[i] : null))
            .Where(x => x.quantity is > 0).Select(x => new RecordConsumption.Line(x.item.Id, x.quantity!.Value)).ToList();
        if (lines.Count == 0)
        {
            ModelState.AddModelError(string.Empty, t["Report at least one item."]);
            return Page();
        }
        try
        {
            await mediator.Send(new RecordConsumption(Input.LocationId, Input.ConsumedOn, Input.Note, lines), cancellationToken);
            TempData["Message"] = t["Consumption recorded."].Value;
            return Redirect(scope.StationLocationId is null ? $"/Station?locationId={Input.LocationId}" : "/Station");
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field =>
        {
            var match = System.Text.RegularExpressions.Regex.Match(field, @"^[Ll]ines\[(\d+)\]");
            if (!match.Success) return "Input." + field;
            var line = lines[int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)];
            return $"Input.Quantities[{Items.ToList().FindIndex(i => i.Id == line.ItemId)}]";
        }))
        {
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var own = scope.StationLocationId;
        Stations = [.. (await db.Locations.AsNoTracking().Where(l => l.Kind != LocationKind.Warehouse && (own == null || l.Id == own)).OrderBy(l => l.Code)
            .ToListAsync(cancellationToken)).Select(l => (l.Id, l.DisplayName()))];
        if (Input.LocationId == 0 && Stations.Count > 0) Input.LocationId = Stations[0].Id;
        var location = Input.LocationId;
        var held = await db.StockBalances.AsNoTracking().Where(b => b.LocationId == location)
            .GroupBy(b => b.ItemId).Select(g => new { ItemId = g.Key, Available = g.Sum(b => b.QuantityOnHand - b.QuantityReserved - b.QuantityQuarantined) })
            .ToListAsync(cancellationToken);
        var items = await db.Items.AsNoTracking().OrderBy(i => i.Code).ToListAsync(cancellationToken);
        Items = [.. items.Where(i => held.Any(h => h.ItemId == i.Id))
            .Select(i => new ItemRow(i.Id, i.Code, i.DisplayName(), i.BaseUnit, held.First(h => h.ItemId == i.Id).Available))];
    }

    public sealed class ConsumptionInput
    {
        public int LocationId { get; set; }
        public DateOnly ConsumedOn { get; set; }
        public string? Note { get; set; }
        public List<decimal?> Quantities { get; set; } = [];
    }
}
