using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Requests;

internal static class RequestLoading
{
    /// <summary>The request with its lines, read inside the command's transaction; 412 if the client saw another version.</summary>
    public static async Task<AllocationRequest> LoadRequestAsync(this SupplyTrackerDbContext db, int requestId, int? expectedVersion,
        CancellationToken cancellationToken)
    {
        var request = await db.AllocationRequests.Include(r => r.Lines)
            .FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken)
            ?? throw new NotFoundException(nameof(AllocationRequest), requestId);
        if (expectedVersion is { } expected && expected != request.Version)
            throw new StaleVersionException(nameof(AllocationRequest), requestId);
        return request;
    }

    /// <summary>Stock a request may take: not expired today and still good on the needed-by date plus the margin.</summary>
    public static bool IsEligibleFor(this Lot lot, DateOnly today, DateOnly cutoff) =>
        !lot.IsExpiredOn(today) && (lot.ExpiresOn is null || lot.ExpiresOn >= cutoff);
}
