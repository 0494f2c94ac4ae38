using Microsoft.AspNetCore.Identity;

namespace SupplyTracker.Domain;

/// <summary>A person who signs in. A Station user is bound to exactly one location; other roles have none.</summary>
public sealed class AppUser : IdentityUser
{
    public int? LocationId { get; set; }

    public const int DisplayNameMaxLength = 100;

    /// <summary>The person's real name as documents print it (dispatcher, 開票人); the login name when not set.</summary>
    public string? DisplayName { get; set; }
}

/// <summary>The four roles of the product.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Logistics = "Logistics";
    public const string Station = "Station";
    public const string Auditor = "Auditor";

    public static readonly IReadOnlyList<string> All = [Admin, Logistics, Station, Auditor];
}
