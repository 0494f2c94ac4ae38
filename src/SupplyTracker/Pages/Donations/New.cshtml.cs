using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Donations;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;
using SupplyTracker.Pages.Shared;

namespace SupplyTracker.Pages.Donations;

[Authorize(Policy = Policies.Warehouse)]
public sealed class NewModel(IMediator mediator, IStringLocalizer<SharedResource> t, DeploymentTime time) : PageModel
{
    public const int BlankLines = 3;

    [BindProperty]
    public DonationInput Input { get; set; } = new();

    public IReadOnlyList<ItemOption> Items { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Donors { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Warehouses { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Stations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input.ReceivedOn = time.Today;
        Input.ReceivingLocationId = Warehouses.FirstOrDefault().Id;
        Input.Lines = [.. Enumerable.Range(0, BlankLines).Select(_ => new LineInput())];
    }

    /// <summary>Without JavaScript "Add line" posts the form back: one more blank line, nothing typed is lost.</summary>
    public async Task<IActionResult> OnPostAddLineAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        ModelState.Clear();
        Input.Lines.Add(new LineInput());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var lines = new List<(int Row, RecordDonation.Line Line)>();
        for (var row = 0; row < Input.Lines.Count; row++)
        {
            var line = Input.Lines[row];
            if (line.IsBlank) continue;
            var item = Items.Resolve(line.Item);
            if (item is null)
            {
                ModelState.AddModelError($"Input.Lines[{row}].Item", t["Choose an item from the list (code or name)."]);
                continue;
            }
            if (line.Quantity is null)
                ModelState.AddModelError($"Input.Lines[{row}].Quantity", t["Enter a quantity."]);
            foreach (var missing in Lot.Missing(item.TracksExpiry, !string.IsNullOrWhiteSpace(line.LotNumber), line.ExpiresOn is not null))
                ModelState.AddModelError(missing == "lotNumber" ? $"Input.Lines[{row}].LotNumber" : $"Input.Lines[{row}].ExpiresOn",
                    t[missing == "lotNumber" ? "This item needs a lot number." : "This item needs an expiry date."]);
            lines.Add((row, new RecordDonation.Line(item.Id, line.Quantity ?? 0, line.LotNumber, line.ExpiresOn, line.DeclaredValue)));
        }
        if (lines.Count == 0 && ModelState.IsValid)
            ModelState.AddModelError("Input.Lines[0].Item", t["A donation needs at least one line."]);
        if (Input.DonorId is null)
            ModelState.AddModelError("Input.DonorId", t["Choose the donor."]);
        if (!ModelState.IsValid)
            return Page();

        try
        {
            var recorded = await mediator.Send(new RecordDonation(Input.DonorId!.Value, Input.ReceivingLocationId, Input.ReceivedOn, Input.Note,
                [.. lines.Select(l => l.Line)], Input.Reference, Input.DirectedToLocationId), cancellationToken);
            TempData["Message"] = t["Donation {0} recorded with {1} lines. Inspect it now.", recorded.DonationId, recorded.LineIds.Count].Value;
            return RedirectToPage("/Donations/Details", new { id = recorded.DonationId });
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => MapField(field, lines.Select(l => l.Row).ToList())))
        {
            return Page();
        }
    }

    /// <summary>The command numbers only the lines that were filled in; the form counts blank rows too.</summary>
    private static string MapField(string field, IReadOnlyList<int> rows)
    {
        var match = System.Text.RegularExpressions.Regex.Match(field, @"^[Ll]ines\[(\d+)\]\.?(.*)$");
        if (!match.Success) return "Input." + field;
        var index = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var property = match.Groups[2].Value switch
        {
            var p when p.Equals("itemId", StringComparison.OrdinalIgnoreCase) => "Item",
            var p => p,
        };
        return index < rows.Count ? $"Input.Lines[{rows[index]}].{property}" : "Input.Lines";
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Items = await mediator.Send(new ListItemOptions(), cancellationToken);
        Donors = [.. (await mediator.Send(new ListDonors(), cancellationToken)).Select(d => (d.Id, d.Name))];
        Warehouses = [.. (await mediator.Send(new ListLocations(LocationKinds.Warehouses), cancellationToken)).Select(l => (l.Id, l.DisplayName()))];
        Stations = [.. (await mediator.Send(new ListLocations(LocationKinds.Stations), cancellationToken)).Select(l => (l.Id, l.DisplayName()))];
    }

    public sealed class DonationInput
    {
        public int? DonorId { get; set; }
        public int ReceivingLocationId { get; set; }
        public DateOnly ReceivedOn { get; set; }
        public string? Reference { get; set; }
        public string? Note { get; set; }
        /// <summary>The station the donor directed the gift to (定向捐贈), if any.</summary>
        public int? DirectedToLocationId { get; set; }
        public List<LineInput> Lines { get; set; } = [];
    }

    public sealed class LineInput
    {
        /// <summary>What the user typed: an item code, or a name in any language.</summary>
        public string? Item { get; set; }
        public decimal? Quantity { get; set; }
        public string? LotNumber { get; set; }
        public DateOnly? ExpiresOn { get; set; }
        public decimal? DeclaredValue { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Item) && Quantity is null && string.IsNullOrWhiteSpace(LotNumber)
            && ExpiresOn is null && DeclaredValue is null;
    }
}
