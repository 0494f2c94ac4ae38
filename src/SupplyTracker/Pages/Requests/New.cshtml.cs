using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Requests;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;
using SupplyTracker.Pages.Shared;

namespace SupplyTracker.Pages.Requests;

/// <summary>A station asks the warehouse for supplies; "Submit" creates the request and sends it in one step.</summary>
[Authorize(Policy = Policies.Stock)]
public sealed class NewModel(IMediator mediator, IStringLocalizer<SharedResource> t, DeploymentTime time) : PageModel
{
    [BindProperty]
    public RequestInput Input { get; set; } = new();

    public IReadOnlyList<ItemOption> Items { get; private set; } = [];
    public IReadOnlyList<PackOption> Packs { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Stations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input.NeededBy = time.Today.AddDays(2);
        Input.Lines = [.. Enumerable.Range(0, 3).Select(_ => new LineInput())];
    }

    /// <summary>A scanned barcode fills the line's item and pack (a carton is requested as cartons); lot and expiry do not apply to a request.</summary>
    public async Task<IActionResult> OnGetResolveAsync(string? code, CancellationToken cancellationToken)
    {
        try
        {
            var scan = await mediator.Send(new ResolveBarcode(code ?? ""), cancellationToken);
            var inPacks = scan.Pack is { } pack && scan.Quantity == scan.Count * pack.Quantity;
            return new JsonResult(new { item = scan.ItemCode, packId = inPacks ? scan.Pack!.Id : (int?)null, quantity = inPacks ? scan.Count : scan.Quantity });
        }
        catch (Exception e) when (ErrorText.Of(e) is { Count: > 0 } errors)
        {
            return new JsonResult(new { error = string.Join(" ", errors.Select(x => x.Message(System.Globalization.CultureInfo.CurrentUICulture))) });
        }
    }

    public async Task<IActionResult> OnPostAddLineAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        ModelState.Clear();
        Input.Lines.Add(new LineInput());
        return Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) => SaveAsync(submit: true, cancellationToken);

    public Task<IActionResult> OnPostDraftAsync(CancellationToken cancellationToken) => SaveAsync(submit: false, cancellationToken);

    private async Task<IActionResult> SaveAsync(bool submit, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var lines = new List<(int Row, CreateRequest.Line Line)>();
        for (var row = 0; row < Input.Lines.Count; row++)
        {
            var line = Input.Lines[row];
            if (string.IsNullOrWhiteSpace(line.Item) && line.Quantity is null) continue;
            var item = Items.Resolve(line.Item);
            if (item is null) ModelState.AddModelError($"Input.Lines[{row}].Item", t["Choose an item from the list (code or name)."]);
            if (line.Quantity is null) ModelState.AddModelError($"Input.Lines[{row}].Quantity", t["Enter a quantity."]);
            if (item is not null) lines.Add((row, new CreateRequest.Line(item.Id, line.Quantity ?? 0, line.PackId)));
        }
        if (lines.Count == 0 && ModelState.IsValid)
            ModelState.AddModelError("Input.Lines[0].Item", t["Request at least one item."]);
        if (!ModelState.IsValid) return Page();

        var station = User.IsInRole(Roles.Station) && Stations is [var own] ? own.Id : Input.StationId;
        try
        {
            var id = await mediator.Send(new CreateRequest(station, 0, Input.Priority, Input.Justification, Input.NeededBy, [.. lines.Select(l => l.Line)]),
                cancellationToken);
            if (submit) await mediator.Send(new SubmitRequest(id, null), cancellationToken);
            var number = (await mediator.Send(new GetRequestDetails(id), cancellationToken))?.Request.Number ?? id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            TempData["Message"] = (submit ? t["Request {0} submitted.", number] : t["Request {0} saved as a draft.", number]).Value;
            return RedirectToPage("/Requests/Details", new { id });
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field =>
        {
            var match = System.Text.RegularExpressions.Regex.Match(field, @"^[Ll]ines\[(\d+)\]\.?(.*)$");
            if (!match.Success) return "Input." + field;
            var index = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var property = match.Groups[2].Value.Equals("itemId", StringComparison.OrdinalIgnoreCase) ? "Item"
                : match.Groups[2].Value.Equals("packId", StringComparison.OrdinalIgnoreCase) ? "PackId" : "Quantity";
            return index < lines.Count ? $"Input.Lines[{lines[index].Row}].{property}" : "Input.Lines";
        }))
        {
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Items = await mediator.Send(new ListItemOptions(), cancellationToken);
        Packs = await mediator.Send(new ListPackOptions(), cancellationToken);
        Stations = [.. (await mediator.Send(new ListLocations(LocationKinds.Stations), cancellationToken)).Select(l => (l.Id, l.DisplayName()))];
    }

    public sealed class RequestInput
    {
        public int StationId { get; set; }
        public RequestPriority Priority { get; set; } = RequestPriority.Normal;
        public DateOnly NeededBy { get; set; }
        public string? Justification { get; set; }
        public List<LineInput> Lines { get; set; } = [];
    }

    public sealed class LineInput
    {
        public string? Item { get; set; }
        /// <summary>Counted in this pack of the item (then <see cref="Quantity"/> is the number of packs); none = base units.</summary>
        public int? PackId { get; set; }
        public decimal? Quantity { get; set; }
    }

    /// <summary>The packs of the item a line names (for its pack list), smallest first.</summary>
    public IEnumerable<PackOption> PacksOf(string? itemText) =>
        Items.Resolve(itemText) is { } item ? Packs.Where(p => p.ItemId == item.Id) : [];

    public string? BaseUnitOf(string? itemText) => Items.Resolve(itemText)?.BaseUnit is { } unit ? DisplayText.Unit(unit) : null;

    /// <summary>"20 箱 × 50 = 1,000 只" for a line counted in packs, else nothing.</summary>
    public string? PackTotal(LineInput line) =>
        Items.Resolve(line.Item) is { } item && line.PackId is { } packId && Packs.FirstOrDefault(p => p.Id == packId && p.ItemId == item.Id) is { } pack
            && line.Quantity is { } count
            ? PackText.Total(count, pack.Name, pack.Quantity, DisplayText.Unit(item.BaseUnit))
            : null;
}
