namespace SupplyTracker.Api.Batch;

/// <summary>Quotas for <c>/odata/$batch</c>, bound from <c>Api:Batch</c>; a request over any of them answers 400 or 413.</summary>
public sealed class BatchLimits
{
    public const string Section = "Api:Batch";

    /// <summary>Operations in one batch, counting those inside change sets.</summary>
    public int MaxOperationsPerBatch { get; set; } = 100;

    public int MaxOperationsPerChangeset { get; set; } = 50;

    /// <summary>JSON nesting depth of the batch payload and of each request body in it.</summary>
    public int MaxNestingDepth { get; set; } = 16;

    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public static BatchLimits From(IConfiguration configuration)
    {
        var limits = configuration.GetSection(Section).Get<BatchLimits>() ?? new BatchLimits();
        if (limits.MaxOperationsPerBatch < 1 || limits.MaxOperationsPerChangeset < 1 || limits.MaxNestingDepth < 1 || limits.MaxRequestBodyBytes < 1)
            throw new InvalidOperationException($"Every {Section} limit must be positive.");
        return limits;
    }
}
