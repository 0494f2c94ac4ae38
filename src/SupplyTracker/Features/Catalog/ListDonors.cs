using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Catalog;

/// <summary>Every donor, by name.</summary>
public sealed record ListDonors : IQuery<IReadOnlyList<Donor>>;

public sealed class ListDonorsHandler(SupplyTrackerDbContext db) : IQueryHandler<ListDonors, IReadOnlyList<Donor>>
{
    public async ValueTask<IReadOnlyList<Donor>> Handle(ListDonors query, CancellationToken cancellationToken) =>
        await db.Donors.AsNoTracking().OrderBy(d => d.Name).ToListAsync(cancellationToken);
}
