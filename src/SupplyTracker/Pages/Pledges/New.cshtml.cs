using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Pledges;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;
using SupplyTracker.Pages.Shared;

namespace SupplyTracker.Pages.Pledges;

/// <summary>Logistics, on the phone with a donor, registers the delivery the donor announces.</summary>
[Authorize(Policy = Policies.Warehouse)]
public sealed class NewModel(IMediator mediator, IStringLocalizer<SharedResource> t, DeploymentTime time) : PageModel
{
    public const int BlankLines = 3;

    [BindProperty]
    public PledgeInput Input { get; set; } = new();

    public IReadOnlyList<ItemOption> Items { get; private set; } = [];
    public IReadOnlyList<PackOption> Packs { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Donors { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Warehouses { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Stations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input.ExpectedOn = time.Today.AddDays(1);
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
        var lines = new List<(int Row, CreatePledge.Line Line)>();
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
            lines.Add((row, new CreatePledge.Line(item.Id, line.Quantity ?? 0, line.PackId, line.LotNumber, line.ExpiresOn)));
        }
        if (lines.Count == 0 && ModelState.IsValid)
            ModelState.AddModelError("Input.Lines[0].Item", t["A pledge needs at least one line."]);
        var newDonor = !string.IsNullOrWhiteSpace(Input.NewDonor.Name);
        if (newDonor && Input.DonorId is not null)
            ModelState.AddModelError("Input.NewDonor.Name", t["Choose a donor from the list or type a new one, not both."]);
        if (Input.DonorId is null && !newDonor)
            ModelState.AddModelError("Input.DonorId", t["Choose the donor."]);
        if (!ModelState.IsValid)
            return Page();

        if (newDonor)
        {
            try
            {
                // The donor is kept even if the pledge is refused below: the form then shows it chosen, lines untouched.
                Input.DonorId = await mediator.Send(new CreateDonor(new DonorFields(Input.NewDonor.Name!.Trim(), Input.NewDonor.Kind,
                    Input.ContactName, Input.ContactPhone, null, null, false, Localized.Language)), cancellationToken);
                Input.NewDonor = new NewDonorInput();
                ModelState.Remove("Input.DonorId");
                await LoadAsync(cancellationToken);
            }
            catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => field switch
            {
                "Fields.ContactName" => "Input.ContactName",
                "Fields.Phone" => "Input.ContactPhone",
                _ => "Input.NewDonor.Name",
            }))
            {
                return Page();
            }
        }

        try
        {
            var id = await mediator.Send(new CreatePledge(Input.DonorId!.Value, Input.ContactName, Input.ContactPhone, Input.ExpectedOn,
                Input.ReceivingLocationId, Input.DirectedToLocationId, Input.Note, [.. lines.Select(l => l.Line)]), cancellationToken);
            TempData["Message"] = t["Pledge {0} registered.", id].Value;
            return RedirectToPage("/Pledges/Details", new { id });
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => MapField(field, lines.Select(l => l.Row).ToList())))
        {
            return Page();
        }
    }

    public IEnumerable<PackOption> PacksOf(string? itemText) =>
        Items.Resolve(itemText) is { } item ? Packs.Where(p => p.ItemId == item.Id) : [];

    public string? BaseUnitOf(string? itemText) => Items.Resolve(itemText)?.BaseUnit is { } unit ? DisplayText.Unit(unit) : null;

    /// <summary>"20 箱 × 50 = 1,000 只" for a line counted in packs, else nothing.</summary>
    public string? PackTotal(LineInput line) =>
        Items.Resolve(line.Item) is { } item && line.PackId is { } packId && Packs.FirstOrDefault(p => p.Id == packId && p.ItemId == item.Id) is { } pack
            && line.Quantity is { } count
            ? PackText.Total(count, pack.Name, pack.Quantity, DisplayText.Unit(item.BaseUnit))
            : null;

    /// <summary>The command numbers only the lines that were filled in; the form counts blank rows too.</summary>
    internal static string MapField(string field, IReadOnlyList<int> rows)
    {
        var match = System.Text.RegularExpressions.Regex.Match(field, @"^[Ll]ines\[(\d+)\]\.?(.*)$");
        if (!match.Success) return "Input." + (field.Length > 0 ? char.ToUpperInvariant(field[0]) + field[1..] : field);
        var index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var property = match.Groups[2].Value switch
        {
            var p when p.Equals("itemId", StringComparison.OrdinalIgnoreCase) => "Item",
            var p when p.Length > 0 => char.ToUpperInvariant(p[0]) + p[1..],
            var p => p,
        };
        return index < rows.Count ? $"Input.Lines[{rows[index]}].{property}" : "Input.Lines";
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Items = await mediator.Send(new ListItemOptions(), cancellationToken);
        Packs = await mediator.Send(new ListPackOptions(), cancellationToken);
        Donors = [.. (await mediator.Send(new ListDonors(), cancellationToken)).Select(d => (d.Id, d.Name))];
        Warehouses = [.. (await mediator.Send(new ListLocations(LocationKinds.Warehouses), cancellationToken)).Select(l => (l.Id, l.DisplayName()))];
        Stations = [.. (await mediator.Send(new ListLocations(LocationKinds.Stations), cancellationToken)).Select(l => (l.Id, l.DisplayName()))];
    }

    public sealed class PledgeInput
    {
        public int? DonorId { get; set; }
        public NewDonorInput NewDonor { get; set; } = new();
        public string? ContactName { get; set; }
        public string? ContactPhone { get; set; }
        public DateOnly ExpectedOn { get; set; }
        public int ReceivingLocationId { get; set; }
        public int? DirectedToLocationId { get; set; }
        public string? Note { get; set; }
        public List<LineInput> Lines { get; set; } = [];
    }

    /// <summary>A donor not in the list yet, created with the pledge (the contact above becomes theirs).</summary>
    public sealed class NewDonorInput
    {
        public string? Name { get; set; }
        public DonorKind Kind { get; set; } = DonorKind.Organisation;
    }

    public sealed class LineInput
    {
        public string? Item { get; set; }
        public int? PackId { get; set; }
        public decimal? Quantity { get; set; }
        public string? LotNumber { get; set; }
        public DateOnly? ExpiresOn { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Item) && Quantity is null && string.IsNullOrWhiteSpace(LotNumber) && ExpiresOn is null;
    }
}
