using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Donations;

/// <summary>The one anonymous donor that stands for citizens who walk in with goods and give no name (created on first use).</summary>
public sealed record EnsureWalkInDonor : ICommand<int>
{
    public const string Name = "市民（現場捐贈，匿名）";
}

public sealed class EnsureWalkInDonorHandler(SupplyTrackerDbContext db) : ICommandHandler<EnsureWalkInDonor, int>
{
    public async ValueTask<int> Handle(EnsureWalkInDonor command, CancellationToken cancellationToken)
    {
        var existing = await db.Donors.Where(d => d.Name == EnsureWalkInDonor.Name && d.IsAnonymous).Select(d => (int?)d.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id) return id;
        var donor = new Donor(EnsureWalkInDonor.Name, DonorKind.Individual, null, null, null, null, isAnonymous: true, wantsFollowUp: false);
        db.Donors.Add(donor);
        await db.SaveChangesAsync(cancellationToken);
        return donor.Id;
    }
}
