namespace SupplyTracker.Infrastructure.Auth;

/// <summary>A command that changes stock at one location; Station users may only send it for their own.</summary>
public interface IAtLocation
{
    int LocationId { get; }
}
