using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Disclosure;

/// <summary>
/// The published log entries of one donation's lines (intake, rejection, corrections), with the size of the latest
/// signed tree head: an entry below that size has an inclusion proof at /public/log/proof?index=&amp;size=.
/// For the public verification page, which has already checked the receipt's code.
/// </summary>
public sealed record GetDonationLogEntries(int DonationId) : IQuery<DonationLogEntries>;

public sealed record DonationLogEntries(long TreeSize, IReadOnlyList<DonationLogEntry> Entries);

public sealed record DonationLogEntry(long Index, DisclosureKind Kind, string? ItemNameZhHant, string? ItemNameEn, long? Quantity, string? Unit, long? CorrectsIndex)
{
    public bool Provable(long treeSize) => Index < treeSize;
}

public sealed class GetDonationLogEntriesHandler(SupplyTrackerDbContext db) : IQueryHandler<GetDonationLogEntries, DonationLogEntries>
{
    public async ValueTask<DonationLogEntries> Handle(GetDonationLogEntries query, CancellationToken cancellationToken)
    {
        var size = await db.DisclosureTreeHeads.AsNoTracking().OrderByDescending(h => h.Id).Select(h => (long?)h.TreeSize).FirstOrDefaultAsync(cancellationToken) ?? 0;
        var entries = await db.Disclosures.AsNoTracking().Where(d => d.DonationId == query.DonationId).OrderBy(d => d.Index)
            .Select(d => new DonationLogEntry(d.Index, d.Kind, d.ItemNameZhHant, d.ItemNameEn, d.Quantity, d.Unit, d.CorrectsIndex))
            .ToListAsync(cancellationToken);
        return new DonationLogEntries(size, entries);
    }
}
