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
        // Without its fingerprint the database is checked row by row, as one seeded by an older loader would be.
        await app.ExecuteSqlAsync("DELETE FROM \"LoadedSeeds\"");

        var checkedAgain = await LoadSeedAsync(app);

        Assert.True(checkedAgain);
        Assert.Equal(first, await app.SnapshotAsync());
        await AssertSeededAsync(app);
    }

    [Fact]
    public async Task A_database_that_took_the_same_seed_files_is_not_checked_again()
    {
        await using var app = SupplyTrackerApp.Over(_database, seed: true, ownsDatabase: false);
        var first = await app.SnapshotAsync();

        var checkedAgain = await LoadSeedAsync(app);

        Assert.False(checkedAgain);
        Assert.Equal(first, await app.SnapshotAsync());
        Assert.Equal(1, await app.QueryAsync(db => db.LoadedSeeds.CountAsync()));
    }

    [Fact]
    public async Task A_changed_seed_file_is_checked_on_the_next_start_and_its_new_rows_loaded()
    {
        var directory = Directory.CreateTempSubdirectory("supplytracker-seed-").FullName;
        try
        {
            foreach (var file in SeedLoader.Files)
                File.Copy(Path.Combine(SeedDataDirectory(), file), Path.Combine(directory, file));
            // The seed's clock, as SupplyTrackerApp's: which sample lots have expired (and are not transferred) depends on it.
            var options = new TestAppOptions
            {
                Database = _database, OwnsDatabase = false, Seed = true, Start = SupplyTrackerApp.Now,
                Settings = new Dictionary<string, string?> { ["Seed:Directory"] = directory },
            };
            await using (var app = new TestApp(options))
                await AssertSeededAsync(app);
            var donors = Path.Combine(directory, "donors.json");
            var text = await File.ReadAllTextAsync(donors);
            await File.WriteAllTextAsync(donors, text[..text.LastIndexOf(']')].TrimEnd() +
                ",\n  { \"name\": \"新的捐贈者\", \"kind\": \"Individual\", \"isAnonymous\": false }\n]\n");

            await using var again = new TestApp(options);

            Assert.Contains("新的捐贈者", await again.QueryAsync(db => db.Donors.Select(d => d.Name).ToListAsync()));
            Assert.Equal(2, await again.QueryAsync(db => db.LoadedSeeds.CountAsync()));
            await AssertSeededAsync(again);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task<bool> LoadSeedAsync(TestApp app) =>
        app.InScopeAsync(services => services.GetRequiredService<SeedLoader>().LoadAsync(default));

    private static string SeedDataDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "seed-data");
            if (File.Exists(Path.Combine(candidate, "locations.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("No seed-data folder above " + AppContext.BaseDirectory);
    }

    private static async Task AssertSeededAsync(TestApp app)
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
