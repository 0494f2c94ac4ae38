using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Catalog;

public enum DonorConsent { Recorded, NotRecorded }

/// <summary>
/// The donor register searched (name; contact, phone and e-mail for a caller who sees contacts), filtered (kind, consent),
/// sorted and paged. A caller who may not see donor contacts gets rows without them, and cannot search by them.
/// </summary>
public sealed record SearchDonors(ListWindow Window, DonorKind? Kind = null, DonorConsent? Consent = null) : IQuery<DonorList>;

public sealed record DonorList(Paged<DonorRow> Page, bool ContactsShown);

/// <param name="PublicName">The name the public pages show (per the donor's consent).</param>
public sealed record DonorRow(int Id, string Name, DonorKind Kind, string? ContactName, string? Phone, string? Email, string PublicName,
    bool TracePublic, DateTime? ConsentRecordedAt, string? ConsentRecordedBy, string PreferredLanguage);

public sealed class SearchDonorsHandler(SupplyTrackerDbContext db, CallerContext caller) : IQueryHandler<SearchDonors, DonorList>
{
    private static readonly ListSorts<Donor> Sorts = new ListSorts<Donor>()
        .By("name", d => d.Name)
        .By("kind", d => d.Kind)
        .By("trace", d => d.TracePublic)
        .By("consent", d => d.ConsentRecordedAt)
        .By("language", d => d.PreferredLanguage)
        .ThenBy(d => d.Id);

    public async ValueTask<DonorList> Handle(SearchDonors query, CancellationToken cancellationToken)
    {
        var contacts = caller.SeesDonorContacts;
        var donors = db.Donors.AsNoTracking();
        if (query.Window.SearchText is { } text)
        {
            var like = ListSearch.Like(text);
            donors = contacts
                ? donors.Where(d => EF.Functions.Like(d.Name, like) || (d.ContactName != null && EF.Functions.Like(d.ContactName, like))
                    || (d.Phone != null && EF.Functions.Like(d.Phone, like)) || (d.Email != null && EF.Functions.Like(d.Email, like)))
                : donors.Where(d => EF.Functions.Like(d.Name, like));
        }
        if (query.Kind is { } kind) donors = donors.Where(d => d.Kind == kind);
        donors = query.Consent switch
        {
            DonorConsent.Recorded => donors.Where(d => d.ConsentRecordedAt != null),
            DonorConsent.NotRecorded => donors.Where(d => d.ConsentRecordedAt == null),
            _ => donors,
        };
        var page = await donors.PageAsync(query.Window, Sorts, d => d, cancellationToken);
        return new DonorList(page.With<DonorRow>([.. page.Rows.Select(d => new DonorRow(d.Id, d.Name, d.Kind,
            contacts ? d.ContactName : null, contacts ? d.Phone : null, contacts ? d.Email : null, Domain.Disclosure.DonorDisplayName(d), d.TracePublic,
            d.ConsentRecordedAt, d.ConsentRecordedBy, d.PreferredLanguage))]), contacts);
    }
}

/// <summary>A list's search text as a LIKE pattern (the user's % and _ are dropped, not wildcards).</summary>
public static class ListSearch
{
    public static string Like(string text) => "%" + text.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
}
