using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Claims;

namespace SupplyTracker.Infrastructure.Auth;

/// <summary>
/// A user's claims (name, roles, location…) as the claims principal factory built them, kept per user and reused while
/// the user's row is unchanged: every change through <c>UserManager</c> (roles, claims, lockout, password, security
/// stamp) writes a new <c>ConcurrencyStamp</c>, which the token query reads on every request, so a change is seen on the
/// next request on every instance. Saves the factory's four queries per API request. Entries also age out after
/// <see cref="Lifetime"/>, for changes made around <c>UserManager</c> (role claims).
/// Revocation does not depend on this cache: the token's own row is read on every request.
/// </summary>
public sealed class ApiTokenPrincipalCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private sealed record Entry(string? ConcurrencyStamp, string? SecurityStamp, Claim[] Claims, long Built);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public Claim[]? Find(string userId, string? concurrencyStamp, string? securityStamp) =>
        _entries.TryGetValue(userId, out var entry)
        && entry.ConcurrencyStamp == concurrencyStamp && entry.SecurityStamp == securityStamp
        && Stopwatch.GetElapsedTime(entry.Built) < Lifetime
            ? entry.Claims
            : null;

    public void Store(string userId, string? concurrencyStamp, string? securityStamp, IEnumerable<Claim> claims) =>
        _entries[userId] = new Entry(concurrencyStamp, securityStamp, [.. claims], Stopwatch.GetTimestamp());

    public void Forget(string userId) => _entries.TryRemove(userId, out _);
}
