using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SupplyTracker.Domain;

namespace SupplyTracker.Infrastructure.Auth;

/// <summary>Adds the station's location to the usual name and role claims, for the cookie and the bearer token alike.</summary>
public sealed class AppUserClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.LocationId is { } locationId)
            identity.AddClaim(new Claim(SupplyTrackerClaims.LocationId, locationId.ToString(CultureInfo.InvariantCulture)));
        return identity;
    }
}
