using Mediator;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Microsoft.Extensions.Localization;
using SupplyTracker.Features.Alerts;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Alerts;

/// <summary>The bell in the page header: the caller's open alerts, linking to the list.</summary>
public sealed class AlertBellViewComponent(IMediator mediator, IStringLocalizer<SharedResource> t) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var count = await mediator.Send(new CountMyAlerts());
        var label = System.Net.WebUtility.HtmlEncode($"{t["Alerts"]}: {count}");
        return new HtmlContentViewComponentResult(new HtmlString(
            $"<a class=\"bell\" href=\"/Alerts\" aria-label=\"{label}\" title=\"{label}\">🔔<span class=\"count\" data-alert-count>{count}</span></a>"));
    }
}
