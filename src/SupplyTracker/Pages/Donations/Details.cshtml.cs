using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Receipts;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;
using SupplyTracker.Pages.Shared;

namespace SupplyTracker.Pages.Donations;

/// <summary>One donation and its inspection: accept, quarantine or reject each pending line; release or reject quarantined ones.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class DetailsModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public Donation Donation { get; private set; } = null!;

    [BindProperty]
    public List<DecisionInput> Decisions { get; set; } = [];

    public IReadOnlyList<DonorReceipt> Receipts { get; private set; } = [];

    /// <summary>The deployment's today, by which a pending line that has expired is proposed for rejection.</summary>
    public DateOnly Today { get; private set; }
    public IReadOnlyDictionary<int, Location> DirectedTo { get; private set; } = new Dictionary<int, Location>();

    /// <summary>"20 箱 × 50 = 1,000 只" for a line counted in packs at intake, else null.</summary>
    public static string? PackTotal(DonationLine line) =>
        line.PackCount is { } count && line.PackName(Localized.Language) is { } pack
            ? PackText.Total(count, pack, line.PackSize!.Value, DisplayText.Unit(line.Item.BaseUnit))
            : null;

    [BindProperty]
    public string? ReceiptLanguageChoice { get; set; }

    /// <summary>True on the second post, after the user saw the review (the dialog, or the review page without JavaScript).</summary>
    [BindProperty]
    public bool Confirmed { get; set; }

    /// <summary>The handler whose review is showing (no JavaScript: the first post re-renders with this and the summary).</summary>
    public string? Reviewing { get; private set; }

    public string? ReviewText { get; private set; }

    public bool FullyInspected => Donation.Lines.All(l => l.Disposition is not (LineDisposition.Pending or LineDisposition.Quarantined));

    public bool MayIssueReceipt => MayInspect && FullyInspected && Receipts.All(r => r.Status != ReceiptStatus.Valid);

    public bool MayInspect => User.IsInRole(Roles.Admin) || User.IsInRole(Roles.Logistics);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Decisions = [.. Donation.Lines.OrderBy(l => l.LineNumber).Select(l => new DecisionInput
        {
            LineId = l.Id,
            Outcome = l.Disposition switch
            {
                LineDisposition.Pending => l.ExpiresOn is { } e && e < Today ? "Reject" : "Accept",
                _ => "",
            },
        })];
        return Page();
    }

    /// <summary>Without JavaScript, "accept all" re-renders the form with every pending line on Accept; nothing is saved.</summary>
    public async Task<IActionResult> OnPostAcceptAllAsync(int id, CancellationToken cancellationToken)
    {
        if (!MayInspect) return Forbid();
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var pending = Donation.Lines.Where(l => l.Disposition == LineDisposition.Pending).Select(l => l.Id).ToHashSet();
        foreach (var decision in Decisions.Where(d => pending.Contains(d.LineId))) decision.Outcome = nameof(LineDecision.Accept);
        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostInspectAsync(int id, CancellationToken cancellationToken)
    {
        if (!MayInspect) return Forbid();
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var pending = Donation.Lines.Where(l => l.Disposition == LineDisposition.Pending).Select(l => l.Id).ToHashSet();
        var chosen = Decisions.Where(d => pending.Contains(d.LineId) && Enum.TryParse<LineDecision>(d.Outcome, out _)).ToList();
        if (chosen.Count == 0)
        {
            ModelState.AddModelError(string.Empty, t["Choose a decision for at least one line."]);
            return Page();
        }
        if (!Confirmed)
        {
            int Count(string outcome) => chosen.Count(d => d.Outcome == outcome);
            return Review("Inspect", t["{0} accepted, {1} quarantined, {2} rejected. Save?", Count("Accept"), Count("Quarantine"), Count("Reject")]);
        }
        return await SendAsync(id, new InspectDonation(id,
            [.. chosen.Select(d => new InspectDonation.Decision(d.LineId, Enum.Parse<LineDecision>(d.Outcome!), d.Reason))]), chosen, cancellationToken);
    }

    public async Task<IActionResult> OnPostReleaseAsync(int id, CancellationToken cancellationToken)
    {
        if (!MayInspect) return Forbid();
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var held = Donation.Lines.Where(l => l.Disposition == LineDisposition.Quarantined).Select(l => l.Id).ToHashSet();
        var chosen = Decisions.Where(d => held.Contains(d.LineId) && Enum.TryParse<QuarantineOutcome>(d.Outcome, out _)).ToList();
        if (chosen.Count == 0)
        {
            ModelState.AddModelError(string.Empty, t["Choose a decision for at least one line."]);
            return Page();
        }
        if (!Confirmed)
            return Review("Release", t["{0} released from quarantine, {1} rejected and written off. Save?",
                chosen.Count(d => d.Outcome == "Release"), chosen.Count(d => d.Outcome == "Reject")]);
        return await SendAsync(id, new ReleaseFromQuarantine(id,
            [.. chosen.Select(d => new ReleaseFromQuarantine.Decision(d.LineId, Enum.Parse<QuarantineOutcome>(d.Outcome!), d.Reason))]), chosen, cancellationToken);
    }

    public async Task<IActionResult> OnPostIssueReceiptAsync(int id, CancellationToken cancellationToken)
    {
        if (!MayInspect) return Forbid();
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        if (!Confirmed) return Review("IssueReceipt", t["Issue the receipt for donation {0}? A receipt cannot be changed, only voided and reissued.", id]);
        try
        {
            var language = string.IsNullOrEmpty(ReceiptLanguageChoice) ? null : ReceiptLanguageChoice;
            var number = await mediator.Send(new IssueReceipt(id, language), cancellationToken);
            TempData["Message"] = t["Receipt {0} issued.", number].Value;
            return RedirectToPage("/Receipts/Details", new { number });
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, _ => string.Empty))
        {
            return Page();
        }
    }

    private async Task<IActionResult> SendAsync<T>(int id, ICommand<T> command, List<DecisionInput> chosen, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(command, cancellationToken);
            TempData["Message"] = t["Decisions saved."].Value;
            return RedirectToPage(new { id });
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => MapField(field, chosen)))
        {
            await LoadAsync(id, cancellationToken);
            LineErrors.NameLines(ModelState, t, key => LineNumberOf(key));
            return Page();
        }
    }

    private PageResult Review(string handler, LocalizedString text)
    {
        (Reviewing, ReviewText) = (handler, text.Value);
        return Page();
    }

    private string MapField(string field, List<DecisionInput> chosen)
    {
        var match = System.Text.RegularExpressions.Regex.Match(field, @"^[Dd]ecisions\[(\d+)\]\.?(.*)$");
        if (!match.Success) return string.Empty;
        var index = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var row = index < chosen.Count ? Decisions.IndexOf(chosen[index]) : -1;
        return row < 0 ? string.Empty : $"Decisions[{row}].Reason";
    }

    /// <summary>The donation line number a form key ("Decisions[4].Reason") belongs to, for the summary's "line 5: …".</summary>
    private int? LineNumberOf(string key)
    {
        var match = System.Text.RegularExpressions.Regex.Match(key, @"^Decisions\[(\d+)\]");
        if (!match.Success) return null;
        var row = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var lineId = row < Decisions.Count ? Decisions[row].LineId : 0;
        return Donation.Lines.FirstOrDefault(l => l.Id == lineId)?.LineNumber;
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await mediator.Send(new GetDonationDetails(id), cancellationToken) is not { } details) return false;
        (Donation, Receipts, Today, DirectedTo) = (details.Donation, details.Receipts, details.Today, details.DirectedTo);
        return true;
    }

    public sealed class DecisionInput
    {
        public int LineId { get; set; }
        public string? Outcome { get; set; }
        public string? Reason { get; set; }
    }
}
