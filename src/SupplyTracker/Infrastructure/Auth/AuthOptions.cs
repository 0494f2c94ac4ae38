namespace SupplyTracker.Infrastructure.Auth;

/// <summary>The "Auth" configuration section.</summary>
public sealed class AuthOptions
{
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);
    /// <summary>How long a feed credential (Excel, Power BI: HTTP Basic, read-only) lives unless revoked first.</summary>
    public TimeSpan FeedCredentialLifetime { get; set; } = TimeSpan.FromDays(365);
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
    /// <summary>Any role may read; Station users through their scope.</summary>
    public const string Read = "Read";
    /// <summary>Items and locations: Admin.</summary>
    public const string Catalog = "Catalog";
    /// <summary>Donors, donations, inspection, transfers: the warehouse (Admin, Logistics).</summary>
    public const string Warehouse = "Warehouse";
    /// <summary>Stock changes at one location (adjustments, consumption): the warehouse and Station users for their own.</summary>
    public const string Stock = "Stock";
    /// <summary>Mail delivery status (the outbox): Admin, Logistics and Auditors; not Station users.</summary>
    public const string Outbox = "Outbox";
}
