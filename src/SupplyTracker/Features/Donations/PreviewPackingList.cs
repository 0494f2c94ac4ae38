using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Donations;

/// <summary>A packing list's text read against the current catalog and donors, row by row, without recording anything.</summary>
public sealed record PreviewPackingList(string Csv, int? DonorId, DateOnly ReceivedOn, string? Reference) : IQuery<PackingList>;

public sealed class PreviewPackingListHandler(SupplyTrackerDbContext db, DeploymentTime time) : IQueryHandler<PreviewPackingList, PackingList>
{
    public async ValueTask<PackingList> Handle(PreviewPackingList query, CancellationToken cancellationToken) =>
        await db.ReadPackingListAsync(new StringReader(query.Csv), query.DonorId, query.ReceivedOn, query.Reference, time, cancellationToken);
}
