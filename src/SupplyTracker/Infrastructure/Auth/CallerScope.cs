using System.Security.Claims;
using SupplyTracker.Domain;

namespace SupplyTracker.Infrastructure.Auth;

/// <summary>
/// What the caller may see. A Station user is bound to one location: every query root of the API filters by it, so
/// $expand, navigation paths, $apply, /$count and $batch parts cannot reach another station's rows.
/// Without an HTTP request (seed, command line) the caller sees everything.
/// </summary>
public sealed class CallerScope(IHttpContextAccessor accessor)
{
    /// <summary>The Station user's location, or null when the caller sees every location.</summary>
    public int? StationLocationId
    {
        get
        {
            var user = accessor.HttpContext?.User;
            if (user is null || !user.IsInRole(Roles.Station)) return null;
            // A Station user without a location sees nothing rather than everything.
            return int.TryParse(user.FindFirstValue(SupplyTrackerClaims.LocationId), out var id) ? id : -1;
        }
    }

    public bool SeesDonorContacts => StationLocationId is null;

    public void EnsureMayActAt(int locationId, string field)
    {
        if (StationLocationId is { } own && own != locationId)
            throw new ForbiddenException(field);
    }
}

/// <summary>A command that changes stock at one location; Station users may only send it for their own.</summary>
public interface IAtLocation
{
    int LocationId { get; }
}
