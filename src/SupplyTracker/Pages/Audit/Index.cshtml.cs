using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Features.Audit;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Audit;

/// <summary>
/// The auditor's page (at /AuditLog: /audit is the API's): the audit log (who sent which command when) on the shared list
/// shape and, on request, a check of the whole ledger.
/// </summary>
[Authorize(Policy = Policies.Audit)]
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t, DeploymentTime time) : PageModel
{
    public AuditLogPage Log { get; private set; } = null!;
    public ListView List { get; private set; } = null!;
    public LedgerVerification? Verification { get; private set; }
    public string? UserName { get; private set; }
    public string? Command { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] ListParameters list, string? user, string? command, bool verify = false, CancellationToken ct = default)
    {
        (UserName, Command) = (user, command);
        Log = await mediator.Send(new ListAuditEntries(user, command, list.Window), ct);
        List = ListView.Of(Request, [new("#", "id", Numeric: true, DefaultDescending: true), new(t["When"]), new(t["User"], "user"), new(t["Command"], "command"),
            new(t["Details"])], Log.Page, list);
        if (list.Exporting)
            return ListExport.File(list.Export!, t["Audit log"], [.. List.Columns.Select(c => c.Header)],
                Log.Entries.Select(e => new object?[] { e.Id, DisplayText.Time(e.AtLocal, time), e.User, e.Command, e.Payload }));
        // A read, but a long one: only when asked.
        if (verify) Verification = await mediator.Send(new VerifyLedger(), ct);
        return Page();
    }
}
