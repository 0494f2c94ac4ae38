using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Catalog;

/// <summary>One donor as its edit form loads it, or null.</summary>
public sealed record GetDonor(int Id) : IQuery<Donor?>;

public sealed class GetDonorHandler(SupplyTrackerDbContext db) : IQueryHandler<GetDonor, Donor?>
{
    public async ValueTask<Donor?> Handle(GetDonor query, CancellationToken cancellationToken) =>
        await db.Donors.AsNoTracking().FirstOrDefaultAsync(d => d.Id == query.Id, cancellationToken);
}
