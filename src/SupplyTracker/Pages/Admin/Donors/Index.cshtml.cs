using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Admin.Donors;

/// <summary>The donor register searched, filtered, sorted and paged (<see cref="SearchDonors"/>); the same list as CSV or .xlsx.</summary>
[Authorize(Policy = Policies.Warehouse)]
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t, DeploymentTime clock) : PageModel
{
    public DonorList Data { get; private set; } = null!;
    public ListView List { get; private set; } = null!;
    public DonorKind? Kind { get; private set; }
    public DonorConsent? Consent { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] ListParameters list, DonorKind? kind, DonorConsent? consent, CancellationToken cancellationToken)
    {
        (Kind, Consent) = (kind, consent);
        Data = await mediator.Send(new SearchDonors(list.Window, kind, consent), cancellationToken);
        List = ListView.Of(Request, Columns(), Data.Page, list);
        if (list.Exporting)
            return ListExport.File(list.Export!, t["Donors"], [.. List.Columns.Select(c => c.Header)], Data.Page.Rows.Select(Cells));
        return Page();
    }

    private List<ListColumn> Columns() =>
    [
        new(t["Name"], "name", DefaultDescending: false), new(t["Kind"], "kind"),
        .. Data.ContactsShown ? new ListColumn[] { new(t["Contact"]), new(t["Phone"]), new(t["Email"]) } : [],
        new(t["Public name"]), new(t["Where the goods went shown"], "trace"), new(t["Consent recorded"], "consent"), new(t["Language"], "language"),
    ];

    public string ConsentText(DonorRow row) =>
        row.ConsentRecordedAt is { } at ? DisplayText.Time(at, clock) + " · " + row.ConsentRecordedBy : t["Consent not recorded yet"];

    /// <summary>The public name in the reader's language: the log's bilingual anonymous name is one word of the UI here.</summary>
    public string PublicNameText(DonorRow row) =>
        row.PublicName == SupplyTracker.Domain.Disclosure.IndividualDonor ? t["Individual donor"].Value : row.PublicName;

    private object?[] Cells(DonorRow row) =>
    [
        row.Name, t[row.Kind.ToString()].Value,
        .. Data.ContactsShown ? new object?[] { row.ContactName, row.Phone, row.Email } : [],
        PublicNameText(row), row.TracePublic ? t["Yes"].Value : t["No"].Value, ConsentText(row), DisplayText.LanguageName(row.PreferredLanguage),
    ];
}
