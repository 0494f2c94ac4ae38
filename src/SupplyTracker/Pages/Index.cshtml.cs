using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Domain;

namespace SupplyTracker.Pages;

/// <summary>Home: station staff land on their station, everyone else on the dashboard.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect(User.IsInRole(Roles.Station) ? "/Station" : "/Dashboard");
}
