using SupplyTracker.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Donations;

public enum DonationListStatus { ToInspect, InQuarantine, Inspected }

/// <summary>
/// Donations searched (number, donor, donor's reference), filtered (received on, donor, location, item, status), sorted and
/// paged. A Station caller sees those it received.
/// </summary>
public sealed record ListDonations(ListWindow Window, int? DonorId = null, int? LocationId = null, int? ItemId = null, DonationListStatus? Status = null)
    : IQuery<DonationList>;

public sealed record DonationList(Paged<DonationRow> Page, IReadOnlyList<ListOption> Donors, IReadOnlyList<ListOption> Locations, IReadOnlyList<ListOption> Items);

/// <summary>A choice in a list's filter.</summary>
public sealed record ListOption(int Id, string Name);

/// <summary>A quantity of one unit; a donation's lines of different units are never added together.</summary>
public sealed record UnitQuantity(string Unit, long Quantity);

public sealed record DonationRow(int Id, DateOnly ReceivedOn, string Donor, string? Reference, string Location, int Lines, int Pending, int Quarantined,
    IReadOnlyList<UnitQuantity> Quantities);

public sealed class ListDonationsHandler(SupplyTrackerDbContext db, CallerContext scope) : IQueryHandler<ListDonations, DonationList>
{
    private static readonly ListSorts<Donation> Sorts = new ListSorts<Donation>()
        .By("receivedOn", d => d.ReceivedOn, defaultDescending: true)
        .By("id", d => d.Id)
        .By("donor", d => d.Donor.Name)
        .By("reference", d => d.Reference)
        .By("location", d => d.ReceivingLocation.Code)
        .By("lines", d => d.Lines.Count)
        .ThenBy(d => d.Id);

    public async ValueTask<DonationList> Handle(ListDonations query, CancellationToken cancellationToken)
    {
        var window = query.Window;
        var donations = db.Donations.AsNoTracking().VisibleTo(scope);
        if (window.SearchText is { } text)
        {
            var number = int.TryParse(text, out var n) ? n : (int?)null;
            var like = "%" + text.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
            donations = donations.Where(d => d.Id == number || EF.Functions.Like(d.Donor.Name, like) || (d.Reference != null && EF.Functions.Like(d.Reference, like))
                || (d.Note != null && EF.Functions.Like(d.Note, like)));
        }
        if (window.From is { } from) donations = donations.Where(d => d.ReceivedOn >= from);
        if (window.To is { } to) donations = donations.Where(d => d.ReceivedOn <= to);
        if (query.DonorId is { } donor) donations = donations.Where(d => d.DonorId == donor);
        if (query.LocationId is { } location) donations = donations.Where(d => d.ReceivingLocationId == location);
        if (query.ItemId is { } item) donations = donations.Where(d => d.Lines.Any(l => l.ItemId == item));
        donations = query.Status switch
        {
            DonationListStatus.ToInspect => donations.Where(d => d.Lines.Any(l => l.Disposition == LineDisposition.Pending)),
            DonationListStatus.InQuarantine => donations.Where(d => d.Lines.Any(l => l.Disposition == LineDisposition.Quarantined)),
            DonationListStatus.Inspected => donations.Where(d => d.Lines.All(l => l.Disposition != LineDisposition.Pending && l.Disposition != LineDisposition.Quarantined)),
            _ => donations,
        };
        var page = await donations.PageAsync(window, Sorts, d => new
        {
            d.Id, d.ReceivedOn, Donor = d.Donor.Name, d.Reference, d.ReceivingLocationId, Lines = d.Lines.Count(),
            Pending = d.Lines.Count(l => l.Disposition == LineDisposition.Pending), Quarantined = d.Lines.Count(l => l.Disposition == LineDisposition.Quarantined),
        }, cancellationToken);

        var ids = page.Rows.Select(r => r.Id).ToList();
        var quantities = (await db.DonationLines.AsNoTracking().Where(l => ids.Contains(l.DonationId))
                .GroupBy(l => new { l.DonationId, l.Item.BaseUnit })
                .Select(g => new { g.Key.DonationId, g.Key.BaseUnit, Quantity = g.Sum(l => l.Quantity) })
                .ToListAsync(cancellationToken))
            .ToLookup(q => q.DonationId, q => new UnitQuantity(q.BaseUnit, q.Quantity));
        var locations = await db.Locations.AsNoTracking().VisibleTo(scope).OrderBy(l => l.Code).ToListAsync(cancellationToken);
        var locationNames = locations.ToDictionary(l => l.Id, l => l.DisplayName());
        var rows = page.Rows.Select(r => new DonationRow(r.Id, r.ReceivedOn, r.Donor, r.Reference, locationNames.GetValueOrDefault(r.ReceivingLocationId, ""), r.Lines,
            r.Pending, r.Quarantined, [.. quantities[r.Id].OrderByDescending(q => q.Quantity)])).ToList();

        var donors = await db.Donors.AsNoTracking().OrderBy(d => d.Name).Select(d => new ListOption(d.Id, d.Name)).ToListAsync(cancellationToken);
        var items = (await db.Items.AsNoTracking().OrderBy(i => i.Code).ToListAsync(cancellationToken)).Select(i => new ListOption(i.Id, $"{i.Code} · {i.DisplayName()}")).ToList();
        return new DonationList(page.With(rows), donors, [.. locations.Select(l => new ListOption(l.Id, l.DisplayName()))], items);
    }
}
