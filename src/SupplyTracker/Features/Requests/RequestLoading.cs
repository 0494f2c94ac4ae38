using SupplyTracker.Domain;

namespace SupplyTracker.Features.Requests;

internal static class RequestLoading
{
    /// <summary>Stock a request may take: not expired today and still good on the needed-by date plus the margin.</summary>
    public static bool IsEligibleFor(this Lot lot, DateOnly today, DateOnly cutoff) =>
        !lot.IsExpiredOn(today) && (lot.ExpiresOn is null || lot.ExpiresOn >= cutoff);
}
