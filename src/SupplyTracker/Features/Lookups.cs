using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features;

/// <summary>Loads a referenced row or fails with 404 naming it.</summary>
public static class Lookups
{
    public static async Task<T> GetAsync<T>(this DbSet<T> set, object id, CancellationToken cancellationToken) where T : class =>
        await set.FindAsync([id], cancellationToken) ?? throw new NotFoundException(typeof(T).Name, id);

    public static async Task EnsureExistsAsync(this SupplyTrackerDbContext db, Type entity, int id, CancellationToken cancellationToken)
    {
        var found = await db.FindAsync(entity, [id], cancellationToken);
        if (found is null) throw new NotFoundException(entity.Name, id);
    }

    /// <summary>Which of these donor references are already recorded on a donation (one query).</summary>
    public static async Task<HashSet<string>> RecordedReferencesAsync(this SupplyTrackerDbContext db, IReadOnlyCollection<string> references,
        CancellationToken cancellationToken)
    {
        if (references.Count == 0) return [];
        var wanted = references.Distinct().ToList();
        return (await db.Donations.Where(d => d.Reference != null && wanted.Contains(d.Reference)).Select(d => d.Reference!).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
    }
}
