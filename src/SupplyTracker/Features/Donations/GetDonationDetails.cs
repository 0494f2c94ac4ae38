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
public sealed record DonationDetails(Donation Donation, IReadOnlyList<DonorReceipt> Receipts, DateOnly Today);

public sealed class GetDonationDetailsHandler(SupplyTrackerDbContext db, CallerContext scope, DeploymentTime time) : IQueryHandler<GetDonationDetails, DonationDetails?>
{
    public async ValueTask<DonationDetails?> Handle(GetDonationDetails query, CancellationToken cancellationToken)
    {
        var station = scope.StationLocationId;
        var donation = await db.Donations.AsNoTracking()
            .Include(d => d.Donor).Include(d => d.ReceivingLocation).Include(d => d.Lines).ThenInclude(l => l.Item)
            .Where(d => station == null || d.ReceivingLocationId == station)
            .FirstOrDefaultAsync(d => d.Id == query.Id, cancellationToken);
        if (donation is null) return null;
        var receipts = await db.DonorReceipts.AsNoTracking().Where(r => r.DonationId == query.Id).OrderBy(r => r.IssuedAt).ToListAsync(cancellationToken);
        return new DonationDetails(donation, receipts, time.Today);
    }
}
