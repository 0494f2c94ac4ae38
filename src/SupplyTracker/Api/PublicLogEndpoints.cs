using System.Globalization;
using System.Threading.RateLimiting;
using Mediator;
using Microsoft.Extensions.Options;
using SupplyTracker.Domain;
using SupplyTracker.Features.Disclosure;

namespace SupplyTracker.Api;

/// <summary>
/// The disclosure feed and its verifiable log (RFC 6962 shapes, binaries in base64): anonymous, read-only, rate limited
/// per client like sign-in.
/// </summary>
public static class PublicLogEndpoints
{
    public static void MapPublicLog(this IEndpointRouteBuilder app)
    {
        // One limiter for the whole group, so the window counts a client's requests to every endpoint together.
        var group = app.MapGroup("/public").AllowAnonymous()
            .AddEndpointFilter((context, next) => context.HttpContext.RequestServices.GetRequiredService<PublicLogRateLimit>().InvokeAsync(context, next));

        group.MapGet("/disclosures", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var page = await mediator.Send(new GetDisclosures(Number(http, "after")), ct);
            http.Response.Headers.ETag = page.ETag;
            http.Response.Headers.CacheControl = "public, max-age=60";
            return http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == page.ETag || t.Trim() == "*"))
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Bytes(DisclosureJson.Page(page), "application/json; charset=utf-8");
        });

        group.MapGet("/disclosures.csv", async (IMediator mediator, CancellationToken ct) =>
            Results.File(await mediator.Send(new GetDisclosuresCsv(), ct), "text/csv; charset=utf-8", "disclosures.csv"));

        group.MapGet("/log/key", async (IMediator mediator, CancellationToken ct) =>
            Results.Text(await mediator.Send(new GetLogKey(), ct), "application/x-pem-file"));

        group.MapGet("/log/sth", async (IMediator mediator, CancellationToken ct) =>
        {
            var head = await mediator.Send(new GetSignedTreeHead(), ct);
            return Results.Json(new
            {
                treeSize = head.TreeSize, timestamp = head.Timestamp,
                rootHash = Convert.ToBase64String(head.RootHash), signature = Convert.ToBase64String(head.Signature),
            });
        });

        group.MapGet("/log/entries", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            Results.Bytes(DisclosureJson.Entries(await mediator.Send(new GetLogEntries(Number(http, "start"), Number(http, "end")), ct)),
                "application/json; charset=utf-8"));

        group.MapGet("/log/proof", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var proof = await mediator.Send(new GetInclusionProof(Number(http, "index"), Number(http, "size")), ct);
            return Results.Json(new { leafIndex = proof.LeafIndex, treeSize = proof.TreeSize, auditPath = proof.AuditPath.Select(Convert.ToBase64String) });
        });

        group.MapGet("/log/consistency", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var proof = await mediator.Send(new GetConsistencyProof(Number(http, "first"), Number(http, "second")), ct);
            return Results.Json(new { first = proof.First, second = proof.Second, consistency = proof.Consistency.Select(Convert.ToBase64String) });
        });
    }

    /// <summary>A whole-number query parameter, or null when absent; anything else is a 400 naming the parameter.</summary>
    private static long? Number(HttpContext http, string name)
    {
        var values = http.Request.Query[name];
        if (values.Count == 0 || string.IsNullOrEmpty(values[0])) return null;
        return values.Count == 1 && long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DomainValidationException(name, $"'{name}' must be one whole number.");
    }
}

/// <summary>
/// A fixed window per client IP over the public feed and log, answered with a 429 ProblemDetails. A filter of its own
/// because the app's rate limiter runs before routing, where no endpoint policy is known yet.
/// </summary>
public sealed class PublicLogRateLimit : IEndpointFilter, IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    public PublicLogRateLimit(IOptions<DisclosureOptions> options)
    {
        var (permits, window) = (options.Value.RateLimitPermits, options.Value.RateLimitWindow);
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetFixedWindowLimiter("public:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 }));
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        using var lease = _limiter.AttemptAcquire(context.HttpContext);
        if (lease.IsAcquired)
            return await next(context);
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.",
            detail: "The public log answers a limited number of requests per minute per client; wait and try again.");
    }

    public void Dispose() => _limiter.Dispose();
}
