using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Infrastructure.Auth;

public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>A feed credential as the admin sees it once: the user name and the secret for HTTP Basic.</summary>
public sealed record IssuedFeedCredential(string UserName, string Secret, DateTimeOffset ExpiresAt);

/// <summary>What a request's authentication needs of a token and its user, read in one query.</summary>
public sealed record ActiveToken(long TokenId, DateTime ExpiresAt, DateTime? RevokedAt, string UserId, string? ConcurrencyStamp,
    string? SecurityStamp, bool LockoutEnabled, DateTimeOffset? LockoutEnd, DateTime CreatedAt = default, string? UserName = null)
{
    public bool IsActiveAt(DateTime now) => RevokedAt is null && now < ExpiresAt;
    public bool IsLockedOutAt(DateTimeOffset now) => LockoutEnabled && LockoutEnd is { } end && end > now;
}

/// <summary>Issues, finds and revokes opaque bearer tokens.</summary>
public sealed class ApiTokens(SupplyTrackerDbContext db, TimeProvider clock, IOptions<AuthOptions> options)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IssuedToken> IssueAsync(AppUser user, CancellationToken cancellationToken)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var row = new ApiToken(user.Id, HashOf(token), Now, Now + options.Value.TokenLifetime);
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedToken(token, new DateTimeOffset(row.ExpiresAt, TimeSpan.Zero));
    }

    // Compiled once: the token lookup runs on every API request.
    private static readonly Func<SupplyTrackerDbContext, string, CancellationToken, Task<ActiveToken?>> TokenByHash =
        EF.CompileAsyncQuery((SupplyTrackerDbContext db, string hash, CancellationToken _) => db.ApiTokens
            .Where(t => t.TokenHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new ActiveToken(t.Id, t.ExpiresAt, t.RevokedAt, u.Id, u.ConcurrencyStamp,
                u.SecurityStamp, u.LockoutEnabled, u.LockoutEnd, t.CreatedAt, u.UserName))
            .FirstOrDefault());

    /// <summary>
    /// The token and the few user columns that decide a request (lockout, whether cached claims are current), in one
    /// indexed query, whatever the token's state: the caller checks <see cref="ActiveToken.IsActiveAt"/>.
    /// </summary>
    public Task<ActiveToken?> FindAsync(string token, CancellationToken cancellationToken) => TokenByHash(db, HashOf(token), cancellationToken);

    /// <summary>
    /// A feed credential: a token that outlives a sign-in (Auth:FeedCredentialLifetime), presented as the password of HTTP
    /// Basic by a feed account, read-only whatever its role. Only its hash is stored, like every token.
    /// </summary>
    public async Task<IssuedFeedCredential> IssueFeedAsync(AppUser user, CancellationToken cancellationToken)
    {
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var row = new ApiToken(user.Id, HashOf(secret), Now, Now + options.Value.FeedCredentialLifetime);
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedFeedCredential(user.UserName!, secret, new DateTimeOffset(row.ExpiresAt, TimeSpan.Zero));
    }

    /// <summary>A token issued for longer than a sign-in is a feed credential: it may read, never write.</summary>
    // A minute of slack: stored instants lose sub-second precision, so a sign-in token's span can read a tick over its lifetime.
    public bool IsFeed(ActiveToken token) => token.ExpiresAt - token.CreatedAt > options.Value.TokenLifetime + TimeSpan.FromMinutes(1);

    /// <summary>The token's row and user when it is neither expired nor revoked.</summary>
    public async Task<(ApiToken Token, AppUser User)?> FindActiveAsync(string token, CancellationToken cancellationToken)
    {
        var hash = HashOf(token);
        var found = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .FirstOrDefaultAsync(cancellationToken);
        return found is not null && found.Token.IsActiveAt(Now) ? (found.Token, found.User) : null;
    }

    public Task<int> RevokeAsync(long tokenId, CancellationToken cancellationToken)
    {
        var now = Now;
        return db.ApiTokens.Where(t => t.Id == tokenId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    public Task<int> RevokeAllAsync(string userId, CancellationToken cancellationToken)
    {
        var now = Now;
        return db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
