using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SupplyTracker.Pages.Account;

public sealed class IndexModel : PageModel
{
    public IReadOnlyList<string> Roles => [.. User.FindAll(ClaimTypes.Role).Select(c => c.Value)];
}
