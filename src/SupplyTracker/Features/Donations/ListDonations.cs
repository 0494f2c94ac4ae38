using SupplyTracker.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Donations;

/// <summary>Donations newest first, keyset-paged on the id (Before: the last id of the previous page). A Station caller sees those it received.</summary>
public sealed record ListDonations(int? Before = null) : IQuery<DonationList>
{
    public const int PageSize = 50;
}

public sealed record DonationList(IReadOnlyList<DonationRow> Rows, int? NextBefore);

public sealed record DonationRow(int Id, DateOnly ReceivedOn, string Donor, string? Reference, int Lines, int Pending, int Quarantined, long Quantity);

public sealed class ListDonationsHandler(SupplyTrackerDbContext db, CallerContext scope) : IQueryHandler<ListDonations, DonationList>
{
    public async ValueTask<DonationList> Handle(ListDonations query, CancellationToken cancellationToken)
    {
        var station = scope.StationLocationId;
        var before = query.Before;
        var rows = await db.Donations.AsNoTracking()
            .Where(d => station == null || d.ReceivingLocationId == station)
            .Where(d => before == null || d.Id < before)
            .OrderByDescending(d => d.Id)
            .Take(ListDonations.PageSize + 1)
            .Select(d => new DonationRow(d.Id, d.ReceivedOn, d.Donor.Name, d.Reference, d.Lines.Count(),
                d.Lines.Count(l => l.Disposition == LineDisposition.Pending), d.Lines.Count(l => l.Disposition == LineDisposition.Quarantined),
                d.Lines.Sum(l => l.Quantity)))
            .ToListAsync(cancellationToken);
        var page = rows.Take(ListDonations.PageSize).ToList();
        return new DonationList(page, rows.Count > ListDonations.PageSize ? page[^1].Id : null);
    }
}
