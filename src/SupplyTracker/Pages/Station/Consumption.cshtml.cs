using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Consumption;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Station;

/// <summary>A station's daily use: one quantity per item it holds, drawn from its lots earliest expiry first.</summary>
[Authorize(Policy = Policies.Stock)]
public sealed class ConsumptionModel(IMediator mediator, IStringLocalizer<SharedResource> t, DeploymentTime time) : PageModel
{
    [BindProperty]
    public ConsumptionInput Input { get; set; } = new();

    public IReadOnlyList<ConsumptionItem> Items { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Stations { get; private set; } = [];

    /// <summary>What the station already reported for the day in the form, so a second report is a decision, not an accident.</summary>
    public IReadOnlyList<ReportedConsumption> AlreadyReported { get; private set; } = [];

    /// <summary>The items of this post that were reported already that day; the form then asks for AddAnyway.</summary>
    public IReadOnlySet<int> Duplicates { get; private set; } = new HashSet<int>();

    public async Task OnGetAsync(int? locationId, CancellationToken cancellationToken)
    {
        Input.LocationId = locationId ?? 0;
        Input.ConsumedOn = time.Today;
        await LoadAsync(cancellationToken);
        Input.Quantities = [.. Items.Select(_ => (decimal?)null)];
        await LoadReportedAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        await LoadReportedAsync(cancellationToken);
        var lines = Items.Select((item, i) => (item, quantity: i < Input.Quantities.Count ? Input.Quantities[i] : null))
            .Where(x => x.quantity is > 0).Select(x => new RecordConsumption.Line(x.item.Id, x.quantity!.Value)).ToList();
        if (lines.Count == 0)
        {
            ModelState.AddModelError(string.Empty, t["Report at least one item."]);
            return Page();
        }
        var reported = AlreadyReported.Select(r => r.ItemId).ToHashSet();
        Duplicates = lines.Where(l => reported.Contains(l.ItemId)).Select(l => l.ItemId).ToHashSet();
        if (Duplicates.Count > 0 && !Input.AddAnyway)
        {
            foreach (var itemId in Duplicates)
            {
                var index = Items.ToList().FindIndex(i => i.Id == itemId);
                var item = Items[index];
                var before = AlreadyReported.Where(r => r.ItemId == itemId).Sum(r => r.Quantity);
                ModelState.AddModelError($"Input.Quantities[{index}]",
                    t["{0}: {1} {2} already reported for this day. Tick \"add to what was reported\" to save another report.", item.Code, before.ToString("N0", System.Globalization.CultureInfo.CurrentCulture), item.Unit]);
            }
            return Page();
        }
        try
        {
            await mediator.Send(new RecordConsumption(Input.LocationId, Input.ConsumedOn, Input.Note, lines), cancellationToken);
            TempData["Message"] = t["Consumption recorded."].Value;
            return Redirect(!User.IsInRole(Roles.Station) ? $"/Station?locationId={Input.LocationId}" : "/Station");
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

    private async Task LoadReportedAsync(CancellationToken cancellationToken) =>
        AlreadyReported = await mediator.Send(new ListConsumptionReports(Input.LocationId, Input.ConsumedOn, Input.ConsumedOn), cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        // The query holds a Station user to its own station, whatever the form posted.
        var form = await mediator.Send(new GetConsumptionForm(Input.LocationId), cancellationToken);
        (Input.LocationId, Stations, Items) = (form.LocationId, form.Stations, form.Items);
    }

    public sealed class ConsumptionInput
    {
        public int LocationId { get; set; }
        public DateOnly ConsumedOn { get; set; }
        public string? Note { get; set; }
        public List<decimal?> Quantities { get; set; } = [];

        /// <summary>The user saw what was already reported for the day and adds another report on purpose.</summary>
        public bool AddAnyway { get; set; }
    }
}
