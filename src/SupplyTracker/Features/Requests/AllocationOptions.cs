namespace SupplyTracker.Features.Requests;

/// <summary>Configuration section "Allocation".</summary>
public sealed class AllocationOptions
{
    public const string Section = "Allocation";

    /// <summary>A lot is reserved only if it is still good this many days after the request's needed-by date.</summary>
    public int ExpiryMarginDays { get; set; } = 30;

    public RationingPolicyKind Policy { get; set; } = RationingPolicyKind.PriorityProRata;

    /// <summary>Days of consumption reports averaged for the daily need, when a station has any.</summary>
    public int ConsumptionWindowDays { get; set; } = 7;
}
