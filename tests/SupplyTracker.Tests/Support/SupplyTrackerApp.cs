using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Support;

/// <summary>
/// <see cref="TestApp"/> without the seed, its clock at <see cref="Now"/>. Used as a class fixture, so every test creates
/// the items, locations and donors it needs and never relies on another test's rows.
/// </summary>
public class SupplyTrackerApp : TestApp
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    private static int _sequence;

    public SupplyTrackerApp() : this(TestDatabase.Create("test"), seed: false, ownsDatabase: true) { }

    protected SupplyTrackerApp(TestDatabase database, bool seed, bool ownsDatabase)
        : base(new TestAppOptions { Database = database, Seed = seed, OwnsDatabase = ownsDatabase, Start = Now })
    {
    }

    /// <summary>An app over a given database, e.g. to start the app a second time on the same database.</summary>
    public static SupplyTrackerApp Over(TestDatabase database, bool seed, bool ownsDatabase) => new(database, seed, ownsDatabase);

    public Task<Item> CreateItemAsync(bool tracksExpiry = false) => AddAsync(db =>
    {
        var code = $"T-{Interlocked.Increment(ref _sequence)}";
        return new Item(code, $"測試品 {code}", $"测试品 {code}", $"Test item {code}", tracksExpiry ? ItemCategory.Medicine : ItemCategory.Mask,
            "只", 10, null, tracksExpiry, 0);
    });

    public Task<Location> CreateLocationAsync(LocationKind kind = LocationKind.Warehouse) => AddAsync(db =>
    {
        var code = $"L-{Interlocked.Increment(ref _sequence)}";
        return new Location(code, $"測試點 {code}", $"测试点 {code}", $"Test location {code}", kind, 4, 2);
    });

    public Task<Donor> CreateDonorAsync() => AddAsync(db =>
        new Donor($"測試捐贈者 {Interlocked.Increment(ref _sequence)}", DonorKind.Organisation, null, null, null, null, isAnonymous: false));

    private Task<T> AddAsync<T>(Func<SupplyTrackerDbContext, T> create) where T : class => QueryAsync(async db =>
    {
        var entity = create(db);
        db.Add(entity);
        await db.SaveChangesAsync();
        return entity;
    });
}

/// <summary>The app with the article's seed data loaded at start-up.</summary>
public sealed class SeededSupplyTrackerApp() : SupplyTrackerApp(TestDatabase.Create("seeded"), seed: true, ownsDatabase: true);
