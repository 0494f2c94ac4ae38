using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Users;

/// <summary>Every user with their roles (role names, untranslated), station and whether they are locked out now.</summary>
public sealed record ListUsers : IQuery<IReadOnlyList<UserRow>>;

/// <summary>The users as a list: searched (name, role, station), sorted and paged.</summary>
public sealed record ListUsersWindow(ListWindow Window) : IQuery<Paged<UserRow>>;

public sealed record UserRow(string UserName, IReadOnlyList<string> Roles, string? Location, bool LockedOut);

public sealed class ListUsersHandler(SupplyTrackerDbContext db, DeploymentTime time)
    : IQueryHandler<ListUsers, IReadOnlyList<UserRow>>, IQueryHandler<ListUsersWindow, Paged<UserRow>>
{
    private static readonly ListSorts<UserRow> Sorts = new ListSorts<UserRow>()
        .By("name", u => u.UserName)
        .By("role", u => u.Roles.Count == 0 ? "" : u.Roles[0])
        .By("station", u => u.Location ?? "")
        .By("status", u => u.LockedOut)
        .ThenBy(u => u.UserName);

    public async ValueTask<Paged<UserRow>> Handle(ListUsersWindow query, CancellationToken cancellationToken)
    {
        var users = await Handle(new ListUsers(), cancellationToken);
        if (query.Window.SearchText is { } text)
            users = [.. users.Where(u => u.UserName.Contains(text, StringComparison.OrdinalIgnoreCase)
                || u.Roles.Any(r => r.Contains(text, StringComparison.OrdinalIgnoreCase))
                || (u.Location?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false))];
        return users.Page(query.Window, Sorts);
    }

    public async ValueTask<IReadOnlyList<UserRow>> Handle(ListUsers query, CancellationToken cancellationToken)
    {
        var locations = await db.Locations.AsNoTracking().ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var now = time.UtcNow;
        return [.. users.Select(u => new UserRow(u.UserName ?? "", [.. roles.Where(r => r.UserId == u.Id).Select(r => r.Name ?? "")],
            locations.FirstOrDefault(l => l.Id == u.LocationId)?.DisplayName(), u.LockoutEnd > now))];
    }
}
