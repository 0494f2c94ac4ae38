using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Features;
using SupplyTracker.Features.Alerts;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Alerts;

/// <summary>The caller's alerts on the shared list shape: searched in the reader's words, sorted, paged, exported.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t, DeploymentTime time) : PageModel
{
    public sealed record Row(AlertView Alert, string Text, string Kind, DateTime RaisedAt);

    private static readonly ListSorts<Row> Sorts = new ListSorts<Row>()
        .By("raised", r => r.RaisedAt, defaultDescending: true)
        .By("kind", r => r.Kind)
        .By("location", r => r.Alert.Location)
        .By("alert", r => r.Text)
        .ThenBy(r => r.Alert.Id);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public ListView List { get; private set; } = null!;
    public bool Dismissed { get; private set; }
    public bool MayDismiss => User.IsInRole(Domain.Roles.Admin) || User.IsInRole(Domain.Roles.Logistics) || User.IsInRole(Domain.Roles.Station);

    public async Task<IActionResult> OnGetAsync([FromQuery] ListParameters list, bool dismissed, CancellationToken cancellationToken)
    {
        Dismissed = dismissed;
        var language = AlertText.CurrentLanguage;
        var all = (await mediator.Send(new ListAlerts(dismissed), cancellationToken))
            .Select(a => new Row(a, AlertText.Describe(a, language), t[a.Kind.ToString()].Value, a.RaisedAt));
        if (list.Window.SearchText is { } text)
            all = all.Where(r => r.Text.Contains(text, StringComparison.OrdinalIgnoreCase) || r.Kind.Contains(text, StringComparison.OrdinalIgnoreCase));
        var page = all.Page(list.Window, Sorts);
        Rows = page.Rows;
        List = ListView.Of(Request, Columns(), page, list);
        if (list.Exporting)
            return ListExport.File(list.Export!, t["Alerts"], [.. List.Columns.Where(c => !c.Hidden).Select(c => c.Header)],
                Rows.Select(r => new object?[] { Raised(r), r.Kind, r.Alert.Location, r.Text, r.Alert.DismissedAt is null ? "" : t["Dismissed"].Value }));
        return Page();
    }

    public string Raised(Row r) => DisplayText.Time(r.RaisedAt, time);

    private List<ListColumn> Columns()
    {
        List<ListColumn> columns = [new(t["Raised"], "raised", DefaultDescending: true), new(t["Kind"], "kind"), new(t["Location"], "location"), new(t["Alert"], "alert"),
            new(t["Status"])];
        if (MayDismiss) columns.Add(new(t["Dismiss"], Hidden: true));
        return columns;
    }

    public async Task<IActionResult> OnPostDismissAsync(long id, CancellationToken cancellationToken)
    {
        if (!MayDismiss) return Forbid();
        await mediator.Send(new DismissAlert(id), cancellationToken);
        return RedirectToPage();
    }
}
