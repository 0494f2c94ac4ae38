using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;
using SupplyTracker.Features.Shipments;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Requests;

/// <summary>
/// One request through its life: the station submits it, logistics approves (with suggested quantities), allocates
/// (showing any shortage) and dispatches, the station confirms delivery line by line. Another station's request is 404.
/// </summary>
[Authorize(Policy = Policies.Read)]
public sealed class DetailsModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public AllocationRequest AllocationRequest { get; private set; } = null!;
    public Shipment? Shipment { get; private set; }
    public string Station { get; private set; } = "";
    public string Warehouse { get; private set; } = "";
    public IReadOnlyDictionary<int, Item> Items { get; private set; } = new Dictionary<int, Item>();
    public IReadOnlyDictionary<int, LineSuggestion> Suggestions { get; private set; } = new Dictionary<int, LineSuggestion>();

    [BindProperty]
    public List<QuantityInput> Approvals { get; set; } = [];

    [BindProperty]
    public List<DeliveryInput> Deliveries { get; set; } = [];

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public int Version { get; set; }

    /// <summary>True on the second post, after the user saw the review (the dialog, or the review page without JavaScript).</summary>
    [BindProperty]
    public bool Confirmed { get; set; }

    /// <summary>The handler whose review is showing, and what it says.</summary>
    public string? Reviewing { get; private set; }
    public string? ReviewText { get; private set; }

    public ReviewPrompt? ReviewFor(string handler, string confirmLabel) =>
        Reviewing == handler && ReviewText is not null ? new ReviewPrompt(ReviewText, confirmLabel, $"/Requests/Details/{AllocationRequest.Id}") : null;

    public bool IsWarehouse => User.IsInRole(Roles.Admin) || User.IsInRole(Roles.Logistics);
    public bool MayAct => IsWarehouse || User.IsInRole(Roles.Station);

    /// <summary>Only the receiving station confirms its delivery: logistics neither sees nor submits the station's form.</summary>
    public bool MayConfirmDelivery => User.IsInRole(Roles.Station);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Version = AllocationRequest.Version;
        Approvals = [.. AllocationRequest.Lines.OrderBy(l => l.LineNumber).Select(l => new QuantityInput
        {
            LineId = l.Id,
            Quantity = Suggestions.TryGetValue(l.Id, out var s) ? s.QuantitySuggested : l.QuantityRequested,
        })];
                // Empty: what arrived is counted, not assumed; "all received as shipped" fills it in explicitly.
        Deliveries = Shipment is null ? [] : [.. Shipment.Lines.OrderBy(l => l.LineNumber).Select(l => new DeliveryInput { LineId = l.Id })];
        return Page();
    }

    public Task<IActionResult> OnPostSubmitAsync(int id, CancellationToken ct) =>
        ActAsync(id, false, () => mediator.Send(new SubmitRequest(id, Version), ct), t["Request submitted."], ct);

    public Task<IActionResult> OnPostCancelAsync(int id, CancellationToken ct) =>
        ActAsync(id, false, () => mediator.Send(new CancelRequest(id, Version, Reason), ct), t["Request cancelled."], ct,
            ("Cancel", () => t["Cancel request {0}? This cannot be undone.", AllocationRequest.Number]));

    public Task<IActionResult> OnPostApproveAsync(int id, CancellationToken ct) =>
        ActAsync(id, true, () => mediator.Send(new ApproveRequest(id, Version,
            [.. Approvals.Select(a => new ApproveRequest.Line(a.LineId, a.Quantity ?? 0))]), ct), t["Request approved."], ct,
            ("Approve", () => t["Approve request {0} with the quantities entered?", AllocationRequest.Number]));

    public Task<IActionResult> OnPostRejectAsync(int id, CancellationToken ct) =>
        ActAsync(id, true, () => mediator.Send(new RejectRequest(id, Version, Reason), ct), t["Request rejected."], ct,
            ("Reject", () => t["Reject request {0}? The station sees the reason; this cannot be undone.", AllocationRequest.Number]));

    public Task<IActionResult> OnPostAllocateAsync(int id, CancellationToken ct) =>
        ActAsync(id, true, async () => (await mediator.Send(new AllocateRequest(id, Version), ct)).Version, t["Stock reserved for this request."], ct,
            ("Allocate", () => t["Reserve the warehouse's stock for request {0}?", AllocationRequest.Number]));

    public Task<IActionResult> OnPostDispatchAsync(int id, CancellationToken ct) =>
        ActAsync(id, true, () => mediator.Send(new DispatchRequest(id, Version), ct), t["Shipment dispatched."], ct,
            ("Dispatch", () => t["Dispatch request {0}? The goods leave the warehouse; this cannot be undone.", AllocationRequest.Number]));

    public Task<IActionResult> OnPostCloseAsync(int id, CancellationToken ct) =>
        ActAsync(id, true, () => mediator.Send(new CloseRequest(id, Version), ct), t["Request closed."], ct);

    public async Task<IActionResult> OnGetWaybillAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Shipment is null) return NotFound();
        var culture = System.Globalization.CultureInfo.CurrentUICulture.Name;
        var waybill = await mediator.Send(new RenderWaybill(Shipment.Id, ReceiptLanguage.All.Contains(culture) ? culture : null), ct);
        return File(waybill.Pdf, "application/pdf", waybill.FileName);
    }

    /// <summary>"All received as shipped", said explicitly: fills the lines left empty with the shipped quantity; nothing is saved yet.</summary>
    public async Task<IActionResult> OnPostFillShippedAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Shipment is null) return NotFound();
        if (!MayConfirmDelivery) return Forbid();
        var shipped = Shipment.Lines.ToDictionary(l => l.Id, l => l.Quantity);
        foreach (var d in Deliveries.Where(d => d.Accepted is null && d.Rejected is null && shipped.ContainsKey(d.LineId)))
            (d.Accepted, d.Rejected) = (shipped[d.LineId], 0);
        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Shipment is null) return NotFound();
        if (!MayConfirmDelivery) return Forbid();
        var lines = Shipment.Lines.OrderBy(l => l.LineNumber).ToList();
        for (var i = 0; i < Deliveries.Count && i < lines.Count; i++)
            if (Deliveries[i].Accepted is null && Deliveries[i].Rejected is null)
                ModelState.AddModelError($"Deliveries[{i}].Accepted", t["Line {0}: {1}", lines[i].LineNumber, t["Enter what arrived, or choose \"all received as shipped\"."]]);
        if (!ModelState.IsValid) return Page();
        // The shipment's version: the request's version field carries the request, the shipment has its own.
        return await ActAsync(id, false, () => mediator.Send(new ConfirmDelivery(Shipment.Id, null,
            [.. Deliveries.Select(d => new ConfirmDelivery.Line(d.LineId, d.Accepted ?? 0, d.Rejected ?? 0, d.Reason))]), ct), t["Delivery confirmed."], ct,
            ("Confirm", () => t["Confirm delivery: {0} lines received in full, {1} with goods rejected? This cannot be undone.",
                Deliveries.Count(d => (d.Rejected ?? 0) == 0), Deliveries.Count(d => (d.Rejected ?? 0) > 0)]));
    }

    private async Task<IActionResult> ActAsync<T>(int id, bool warehouseOnly, Func<ValueTask<T>> send, LocalizedString done, CancellationToken cancellationToken,
        (string Handler, Func<LocalizedString> Text)? review = null)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        if (warehouseOnly ? !IsWarehouse : !MayAct) return Forbid();
        if (review is { } r && !Confirmed)
        {
            (Reviewing, ReviewText) = (r.Handler, r.Text().Value);
            return Page();
        }
        try
        {
            await send();
            TempData["Message"] = done.Value;
            return RedirectToPage(new { id });
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, MapField))
        {
            await LoadAsync(id, cancellationToken);
            LineErrors.NameLines(ModelState, t, LineNumberOf);
            return Page();
        }
    }

    private async Task<IActionResult> ActAsync(int id, bool warehouseOnly, Func<Task<int>> send, LocalizedString done, CancellationToken cancellationToken,
        (string Handler, Func<LocalizedString> Text)? review = null) =>
        await ActAsync(id, warehouseOnly, () => new ValueTask<int>(send()), done, cancellationToken, review);

    private int? LineNumberOf(string key)
    {
        var match = System.Text.RegularExpressions.Regex.Match(key, @"^Deliveries\[(\d+)\]");
        var lines = Shipment?.Lines.OrderBy(l => l.LineNumber).ToList();
        if (!match.Success || lines is null) return null;
        var row = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return row < lines.Count ? lines[row].LineNumber : null;
    }

    private static string MapField(string field)
    {
        var match = System.Text.RegularExpressions.Regex.Match(field, @"^[Ll]ines\[(\d+)\]\.?(.*)$");
        return match.Success ? $"Deliveries[{match.Groups[1].Value}].{(match.Groups[2].Value.StartsWith("reason", StringComparison.OrdinalIgnoreCase) ? "Reason" : "Accepted")}"
            : field.Equals("reason", StringComparison.OrdinalIgnoreCase) ? "Reason" : string.Empty;
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await mediator.Send(new GetRequestDetails(id, WithSuggestions: IsWarehouse), cancellationToken) is not { } details) return false;
        (AllocationRequest, Shipment, Station, Warehouse, Items, Suggestions) =
            (details.Request, details.Shipment, details.Station, details.Warehouse, details.Items, details.Suggestions);
        return true;
    }

    public sealed class QuantityInput
    {
        public int LineId { get; set; }
        public decimal? Quantity { get; set; }
    }

    public sealed class DeliveryInput
    {
        public int LineId { get; set; }
        public decimal? Accepted { get; set; }
        public decimal? Rejected { get; set; }
        public string? Reason { get; set; }
    }
}
