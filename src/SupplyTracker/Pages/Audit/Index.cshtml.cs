using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Features.Audit;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Audit;

/// <summary>The auditor's page: the audit log (who sent which command when) and, on request, a check of the whole ledger.</summary>
[Authorize(Policy = Policies.Audit)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public AuditLogPage Log { get; private set; } = null!;
    public LedgerVerification? Verification { get; private set; }
    public string? UserName { get; private set; }
    public string? Command { get; private set; }
    public DateOnly? From { get; private set; }
    public DateOnly? To { get; private set; }

    public async Task OnGetAsync(string? user, string? command, DateOnly? from, DateOnly? to, int page = 1, bool verify = false, CancellationToken ct = default)
    {
        (UserName, Command, From, To) = (user, command, from, to);
        Log = await mediator.Send(new ListAuditEntries(user, command, from, to, page), ct);
        // A read, but a long one: only when asked.
        if (verify) Verification = await mediator.Send(new VerifyLedger(), ct);
    }

    public string PageUrl(int page) => QueryHelpers(page);

    private string QueryHelpers(int page) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/Audit",
        new Dictionary<string, string?>
        {
            ["user"] = UserName, ["command"] = Command, ["from"] = From?.ToString("yyyy-MM-dd"), ["to"] = To?.ToString("yyyy-MM-dd"),
            ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrEmpty(p.Value)));
}
