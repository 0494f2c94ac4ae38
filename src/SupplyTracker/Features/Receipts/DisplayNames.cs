using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;

namespace SupplyTracker.Features.Receipts;

/// <summary>The real name documents print for a login (AppUser.DisplayName); the login itself when none is set.</summary>
public static class DisplayNames
{
    public static async Task<string> OfAsync(SupplyTrackerDbContext db, string userName, CancellationToken ct)
    {
        var normalized = userName.ToUpperInvariant();
        var name = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        return string.IsNullOrWhiteSpace(name) ? userName : name;
    }
}
