
namespace SupplyTracker.Infrastructure.Auth;

/// <summary>The old name of <see cref="CallerContext"/>'s scope members, kept only while Pages still inject it.</summary>
public sealed class CallerScope(CallerContext caller)
{
    public CallerContext Caller => caller;

    public int? StationLocationId => caller.StationLocationId;

    public bool SeesDonorContacts => caller.SeesDonorContacts;

    public void EnsureMayActAt(int locationId, string field) => caller.EnsureMayActAt(locationId, field);
}

/// <summary>The caller is known but may not do this (mapped to 403).</summary>
public sealed class ForbiddenException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>A command that changes stock at one location; Station users may only send it for their own.</summary>
public interface IAtLocation
{
    int LocationId { get; }
}
