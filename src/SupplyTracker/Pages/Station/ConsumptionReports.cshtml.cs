using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features;
using SupplyTracker.Features.Consumption;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Station;

/// <summary>
/// The consumption reports: a station sees its own, logistics and auditors every station's, for a range of days; searched,
/// sorted, paged and exported like every list.
/// </summary>
[Authorize(Policy = Policies.Read)]
public sealed class ConsumptionReportsModel(IMediator mediator, IStringLocalizer<SharedResource> t, DeploymentTime time) : PageModel
{
    private static readonly ListSorts<ReportedConsumption> Sorts = new ListSorts<ReportedConsumption>()
        .By("usedOn", r => r.ConsumedOn, defaultDescending: true)
        .By("station", r => r.Station)
        .By("item", r => r.ItemCode)
        .By("used", r => r.Quantity)
        .By("by", r => r.RecordedBy)
        .ThenBy(r => r.ReportId);

    public IReadOnlyList<ReportedConsumption> Reports { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Stations { get; private set; } = [];
    public ListView List { get; private set; } = null!;
    public int? LocationId { get; private set; }
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] ListParameters list, int? locationId, CancellationToken cancellationToken)
    {
        (To, From) = (list.To ?? time.Today, list.From ?? (list.To ?? time.Today).AddDays(-13));
        // The form query holds a Station user to its own station and lists the stations the caller may see.
        var form = await mediator.Send(new GetConsumptionForm(locationId), cancellationToken);
        Stations = form.Stations;
        LocationId = User.IsInRole(Roles.Station) ? form.LocationId : locationId;
        IEnumerable<ReportedConsumption> reports = await mediator.Send(new ListConsumptionReports(LocationId, From, To, Take: ListWindow.MaxExportRows), cancellationToken);
        if (list.Window.SearchText is { } text)
            reports = reports.Where(r => r.ItemCode.Contains(text, StringComparison.OrdinalIgnoreCase) || r.ItemName.Contains(text, StringComparison.OrdinalIgnoreCase)
                || r.Station.Contains(text, StringComparison.OrdinalIgnoreCase) || r.RecordedBy.Contains(text, StringComparison.OrdinalIgnoreCase)
                || (r.Note?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false));
        var page = reports.Page(list.Window, Sorts);
        Reports = page.Rows;
        List = ListView.Of(Request, [new(t["Used on"], "usedOn", DefaultDescending: true), new(t["Station"], "station"), new(t["Item"], "item"),
            new(t["Used"], "used", Numeric: true), new(t["Recorded by"], "by"), new(t["Note"])], page, list);
        if (list.Exporting)
            return ListExport.File(list.Export!, t["Consumption reports"], [.. List.Columns.Select(c => c.Header)],
                Reports.Select(r => new object?[] { DisplayText.Date(r.ConsumedOn), r.Station, $"{r.ItemCode} · {r.ItemName}", DisplayText.Quantity(r.Quantity, r.Unit),
                    $"{r.RecordedBy}, {DisplayText.Time(r.RecordedAtLocal, time)}", r.Note }));
        return Page();
    }
}
