using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;

namespace SupplyTracker.Data.Seed;

/// <summary>
/// Creates the four roles everywhere and, in Development only, the demo users with password "demo": admin, logistics,
/// auditor and one Station user per non-warehouse location (see <see cref="StationUserNames"/>).
/// </summary>
public sealed class UserSeeder(SupplyTrackerDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles,
    IHostEnvironment environment, ILogger<UserSeeder> logger)
{
    public const string DemoPassword = "demo";

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                Ensure(await roles.CreateAsync(new IdentityRole(role)));
        }
    }

    public async Task AddDemoUsersAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment())
            return;
        var added = 0;
        added += await AddDemoUserAsync("admin", Roles.Admin, null, "王建國") ? 1 : 0;
        added += await AddDemoUserAsync("logistics", Roles.Logistics, null, "李慧敏") ? 1 : 0;
        added += await AddDemoUserAsync("auditor", Roles.Auditor, null, "張立平") ? 1 : 0;
        var stations = await db.Locations.AsNoTracking().Where(l => l.Kind != LocationKind.Warehouse)
            .Select(l => new { l.Id, l.Code }).ToListAsync(cancellationToken);
        var names = StationUserNames(stations.Select(s => s.Code));
        foreach (var station in stations)
            added += await AddDemoUserAsync(names[station.Code], Roles.Station, station.Id) ? 1 : 0;
        if (added > 0)
            logger.LogWarning("Development: {Count} demo users added with the password '{Password}'.", added, DemoPassword);
    }

    /// <summary>
    /// "station-" and the code without its kind prefix (CP-HEPING → station-heping); where that would name two
    /// locations, the whole code (SQ-DINGYUAN → station-sq-dingyuan).
    /// </summary>
    public static IReadOnlyDictionary<string, string> StationUserNames(IEnumerable<string> locationCodes)
    {
        var codes = locationCodes.ToList();
        static string Short(string code) => (code.IndexOf('-') is var dash and >= 0 ? code[(dash + 1)..] : code).ToLowerInvariant();
        var shortCounts = codes.GroupBy(Short).ToDictionary(g => g.Key, g => g.Count());
        return codes.ToDictionary(c => c, c => "station-" + (shortCounts[Short(c)] == 1 ? Short(c) : c.ToLowerInvariant()));
    }

    // The hash is set directly so "demo" skips the password length rule; CreateAsync(user) still validates the user.
    private async Task<bool> AddDemoUserAsync(string userName, string role, int? locationId, string? displayName = null)
    {
        if (await users.FindByNameAsync(userName) is not null)
            return false;
        var user = new AppUser { UserName = userName, LocationId = locationId, DisplayName = displayName };
        user.PasswordHash = users.PasswordHasher.HashPassword(user, DemoPassword);
        Ensure(await users.CreateAsync(user));
        Ensure(await users.AddToRoleAsync(user, role));
        return true;
    }

    private static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Seeding users failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
