namespace SupplyTracker.Infrastructure.Auth;

/// <summary>The "Auth" configuration section.</summary>
public sealed class AuthOptions
{
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);
    public SignInRateLimitOptions SignInRateLimit { get; set; } = new();
}

/// <summary>A fixed window per client IP, shared by <c>POST /auth/token</c> and the login form.</summary>
public sealed class SignInRateLimitOptions
{
    public int PermitLimit { get; set; } = 10;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public static class SupplyTrackerClaims
{
    public const string LocationId = "location_id";
    public const string TokenId = "token_id";
}

public static class Policies
{
    public const string Admin = "Admin";
    public const string Audit = "Audit";
}
