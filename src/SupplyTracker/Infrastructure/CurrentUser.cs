namespace SupplyTracker.Infrastructure;

/// <summary>Who is acting, for the audit fields every command writes; implemented by <see cref="CallerContext"/>.</summary>
public interface ICurrentUser
{
    string Name { get; }
}
