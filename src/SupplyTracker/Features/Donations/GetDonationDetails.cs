using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Donations;

/// <summary>One donation with its donor, lines and receipts; null when it does not exist or a Station caller did not receive it.</summary>
public sealed record GetDonationDetails(int Id) : IQuery<DonationDetails?>;

/// <summary>Today (the deployment's) lets the form propose rejecting lines that have already expired.</summary>
public sealed record DonationDetails(Donation Donation, IReadOnlyList<DonorReceipt> Receipts, DateOnly Today)
{
    /// <summary>The locations the donation or its lines are directed to (定向捐贈), by id.</summary>
    public IReadOnlyDictionary<int, Location> DirectedTo { get; init; } = new Dictionary<int, Location>();
}

public sealed class GetDonationDetailsHandler(SupplyTrackerDbContext db, CallerContext scope, DeploymentTime time) : IQueryHandler<GetDonationDetails, DonationDetails?>
{
    public async ValueTask<DonationDetails?> Handle(GetDonationDetails query, CancellationToken cancellationToken)
    {
        var donation = await db.Donations.AsNoTracking().VisibleTo(scope)
            .AsSplitQuery().Include(d => d.Donor).Include(d => d.ReceivingLocation).Include(d => d.Lines).ThenInclude(l => l.Item)
            .FirstOrDefaultAsync(d => d.Id == query.Id, cancellationToken);
        if (donation is null) return null;
        var receipts = await db.DonorReceipts.AsNoTracking().VisibleTo(db, scope).Where(r => r.DonationId == query.Id).OrderBy(r => r.IssuedAt).ToListAsync(cancellationToken);
        var directedIds = donation.Lines.Select(l => l.DirectedToLocationId).Append(donation.DirectedToLocationId)
            .Where(id => id is not null).Select(id => id!.Value).Distinct().ToList();
        var directedTo = directedIds.Count == 0 ? new Dictionary<int, Location>()
            : await db.Locations.AsNoTracking().Where(l => directedIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        return new DonationDetails(donation, receipts, time.Today) { DirectedTo = directedTo };
    }
}
