using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SupplyTracker.Infrastructure.Auth;

/// <summary>
/// The sign-in limit: one fixed window per client address, shared by <c>POST /auth/token</c> (counted by the rate-limiting
/// middleware, which answers a problem) and the login form (whose page asks here itself, so that a blocked person gets the
/// page back with a message in their language, the typed user name and a 429).
/// </summary>
public sealed class SignInLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _byClient;

    public SignInLimiter(IOptions<AuthOptions> options)
    {
        var limit = options.Value.SignInRateLimit;
        _byClient = PartitionedRateLimiter.Create<string, string>(client => client.Length == 0
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.GetFixedWindowLimiter("sign-in:" + client, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit.PermitLimit,
                Window = limit.Window,
                QueueLimit = 0,
            }));
    }

    /// <summary>The middleware's limiter: counts token requests only (the login form counts itself).</summary>
    public PartitionedRateLimiter<HttpContext> ForTokenEndpoint() =>
        _byClient.WithTranslatedKey<HttpContext>(context => IsTokenRequest(context.Request) ? Client(context) : "", leaveOpen: true);

    /// <summary>Counts one attempt on the login form: null when it may go ahead, otherwise how long until the next window.</summary>
    public TimeSpan? TryAttempt(HttpContext context)
    {
        using var lease = _byClient.AttemptAcquire(Client(context));
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    /// <summary>Retry-After in whole seconds, at least one.</summary>
    public static string RetryAfterHeader(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _byClient.Dispose();

    private static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() is { Length: > 0 } address ? address : "unknown";

    private static bool IsTokenRequest(HttpRequest request) => HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/auth/token");
}
