namespace SupplyTracker.Infrastructure;

/// <summary>Who is acting, for the audit fields every command writes.</summary>
public interface ICurrentUser
{
    string Name { get; }
}

public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public string Name => accessor.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
        ? name
        : accessor.HttpContext is null ? "system" : "anonymous";
}
