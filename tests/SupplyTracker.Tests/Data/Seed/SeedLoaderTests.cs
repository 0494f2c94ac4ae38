using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data.Seed;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Data.Seed;

[Trait("Database", "true")]
public sealed class SeedLoaderTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.Create("seed");

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Starting_the_app_twice_on_the_same_database_changes_nothing()
    {
        List<string> first;
        await using (var app = SupplyTrackerApp.Over(_database, seed: true, ownsDatabase: false))
        {
            first = await app.SnapshotAsync();
            await AssertSeededAsync(app);
        }

        await using var again = SupplyTrackerApp.Over(_database, seed: true, ownsDatabase: false);

        Assert.Equal(first, await again.SnapshotAsync());
        await again.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task Loading_the_seed_again_changes_nothing()
    {
        await using var app = SupplyTrackerApp.Over(_database, seed: true, ownsDatabase: false);
        var first = await app.SnapshotAsync();

        await app.InScopeAsync(async services =>
        {
            await services.GetRequiredService<SeedLoader>().LoadAsync(default);
            return 0;
        });

        Assert.Equal(first, await app.SnapshotAsync());
        await AssertSeededAsync(app);
    }

    private static async Task AssertSeededAsync(SupplyTrackerApp app)
    {
        var counts = await app.CountRowsAsync();
        Assert.Equal(7, counts["Locations"]);
        Assert.Equal(6, counts["Donations"]);
        Assert.Equal(7, counts["Transfers"]);
        Assert.True(counts["StockMovements"] > 0);
        Assert.Contains("和平檢查站", await app.QueryAsync(db => db.Locations.Select(l => l.Name).ToListAsync()));
        await app.AssertLedgerConsistentAsync();
    }
}
