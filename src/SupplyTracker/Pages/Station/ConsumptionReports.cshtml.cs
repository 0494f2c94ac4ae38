using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Domain;
using SupplyTracker.Features.Consumption;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Station;

/// <summary>The consumption reports: a station sees its own, logistics and auditors every station's, for a range of days.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class ConsumptionReportsModel(IMediator mediator, DeploymentTime time) : PageModel
{
    public IReadOnlyList<ReportedConsumption> Reports { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Stations { get; private set; } = [];
    public int? LocationId { get; private set; }
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }

    public async Task OnGetAsync(int? locationId, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        (To, From) = (to ?? time.Today, from ?? (to ?? time.Today).AddDays(-13));
        // The form query holds a Station user to its own station and lists the stations the caller may see.
        var form = await mediator.Send(new GetConsumptionForm(locationId), cancellationToken);
        Stations = form.Stations;
        LocationId = User.IsInRole(Roles.Station) ? form.LocationId : locationId;
        Reports = await mediator.Send(new ListConsumptionReports(LocationId, From, To), cancellationToken);
    }
}
