using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages;

/// <summary>The language switcher: remembers the choice in the culture cookie for a year, then goes back.</summary>
[AllowAnonymous]
public sealed class CultureModel(DeploymentTime time) : PageModel
{
    public IActionResult OnGet(string? returnUrl) => LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        if (culture is not null && FrontEndSetup.Languages.Contains(culture))
        {
            Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = time.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        }
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
