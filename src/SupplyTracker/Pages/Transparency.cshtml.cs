using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Features.Disclosure;
using SupplyTracker.Features.Reports;

namespace SupplyTracker.Pages;

/// <summary>The public page: the figures of <see cref="GetTransparency"/> and how late publication of the log is.</summary>
[AllowAnonymous]
public sealed class TransparencyModel(IMediator mediator) : PageModel
{
    public Transparency Data { get; private set; } = null!;
    public PublicationLag Lag { get; private set; } = null!;

    public IReadOnlyList<TransparencyItemTotal> Items => Data.Items;
    public IReadOnlyList<string> Stations => Data.Stations;
    public IReadOnlyList<(string Code, string Item, string Unit, long[] PerStation)> ByStation => Data.ByStation;
    public IReadOnlyList<TransparencyDayTotal> ByDay => Data.ByDay;
    public IReadOnlyList<TransparencyDonorTotal> Donors => Data.Donors;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Data = await mediator.Send(new GetTransparency(), cancellationToken);
        Lag = await mediator.Send(new GetPublicationLag(), cancellationToken);
    }

    /// <summary>"3 h 20 min", "45 min", "2 d 4 h": the lag in whole minutes, largest two units.</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {span.Hours} h"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : $"{(int)span.TotalMinutes} min";
}
