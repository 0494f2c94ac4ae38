using System.Globalization;
using System.Security.Claims;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Infrastructure;

/// <summary>
/// Who is calling and when, for one unit of work (an HTTP request, a $batch operation, a CLI verb, one worker step).
/// Each door sets it explicitly; handlers and the scoped sources in Features read the station scope from it.
/// A scope nobody set is the system caller only outside HTTP (tests and tools that build a scope themselves);
/// inside a request an unset caller is a bug in the door and throws rather than seeing everything.
/// </summary>
public sealed class CallerContext(DeploymentTime time, IHttpContextAccessor accessor) : ICurrentUser
{
    public const string SystemName = "system";

    private ClaimsPrincipal? _user;
    private bool _set;

    /// <summary>The caller behind an authenticated principal (or an anonymous one), as the HTTP middleware sets it.</summary>
    public void Set(ClaimsPrincipal user, CultureInfo culture)
    {
        _user = user;
        Culture = culture;
        _set = true;
    }

    /// <summary>The application itself (seed, CLI verbs): no station, sees everything, audits as <paramref name="name"/>.</summary>
    public void SetSystem(string name = SystemName, CultureInfo? culture = null)
    {
        _user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], authenticationType: "system"));
        Culture = culture ?? CultureInfo.InvariantCulture;
        _set = true;
    }

    private ClaimsPrincipal? User
    {
        get
        {
            if (_set) return _user;
            if (accessor.HttpContext is not null)
                throw new InvalidOperationException("No caller was set for this HTTP request; CallerContextMiddleware must run before any handler.");
            return null;
        }
    }

    /// <summary>True for the system caller (seed, CLI, a scope built outside HTTP without a caller).</summary>
    public bool IsSystem => User is null || User.Identity?.AuthenticationType == "system";

    public bool IsAuthenticated => User is null || User.Identity?.IsAuthenticated == true;

    public string UserName => User switch
    {
        null => SystemName,
        { Identity: { IsAuthenticated: true, Name: { Length: > 0 } name } } => name,
        _ => "anonymous",
    };

    string ICurrentUser.Name => UserName;

    public IReadOnlyList<string> Roles => User?.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList() ?? [];

    public bool IsInRole(string role) => User?.IsInRole(role) == true;

    public CultureInfo Culture { get; private set; } = CultureInfo.InvariantCulture;

    /// <summary>The Station user's location, or null when the caller sees every location.</summary>
    public int? StationLocationId
    {
        get
        {
            var user = User;
            if (user is null || !user.IsInRole(Domain.Roles.Station)) return null;
            // A Station user without a location sees nothing rather than everything.
            return int.TryParse(user.FindFirstValue(SupplyTrackerClaims.LocationId), out var id) ? id : -1;
        }
    }

    public bool SeesDonorContacts => StationLocationId is null;

    public void EnsureMayActAt(int locationId, string field)
    {
        if (StationLocationId is { } own && own != locationId)
            throw new ForbiddenException(field, "A station user can only act for its own location.");
    }

    public DateTimeOffset Now => time.UtcNow;

    /// <summary>Today in the deployment's time zone (see DeploymentTime).</summary>
    public DateOnly Today => time.Today;

    public DeploymentTime Time => time;
}

/// <summary>The HTTP door: after authentication (and inside each $batch operation), the caller is the request's user.</summary>
public sealed class CallerContextMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.RequestServices.GetRequiredService<CallerContext>().Set(context.User, CultureInfo.CurrentUICulture);
        return next(context);
    }
}
