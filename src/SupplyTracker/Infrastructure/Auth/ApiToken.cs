namespace SupplyTracker.Infrastructure.Auth;

/// <summary>An issued API token. Only its SHA-256 is stored: a copy of the database does not hand out working tokens.</summary>
public sealed class ApiToken
{
    private ApiToken() { }

    public ApiToken(string userId, string tokenHash, DateTime createdAt, DateTime expiresAt)
    {
        UserId = userId;
        TokenHash = tokenHash;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 text.</summary>
    public string TokenHash { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }

    public bool IsActiveAt(DateTime now) => RevokedAt is null && now < ExpiresAt;
}
