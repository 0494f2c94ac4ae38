using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Users;

/// <summary>Every user with their roles (role names, untranslated), station and whether they are locked out now.</summary>
public sealed record ListUsers : IQuery<IReadOnlyList<UserRow>>;

public sealed record UserRow(string UserName, IReadOnlyList<string> Roles, string? Location, bool LockedOut);

public sealed class ListUsersHandler(SupplyTrackerDbContext db, DeploymentTime time) : IQueryHandler<ListUsers, IReadOnlyList<UserRow>>
{
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
