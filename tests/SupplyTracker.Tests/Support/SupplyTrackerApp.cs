using System.Data.Common;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Support;

/// <summary>
/// The real app over its own SQLite temp file and a fixed clock; seeding is off unless asked for. Used as a class
/// fixture, so every test creates the items, locations and donors it needs and never relies on another test's rows.
/// </summary>
public class SupplyTrackerApp : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    private static int _sequence;
    private readonly bool _seed;
    private readonly bool _ownsDatabase;

    public SupplyTrackerApp() : this(NewDatabasePath(), seed: false, ownsDatabase: true) { }

    protected SupplyTrackerApp(string databasePath, bool seed, bool ownsDatabase)
    {
        DatabasePath = databasePath;
        _seed = seed;
        _ownsDatabase = ownsDatabase;
    }

    public string DatabasePath { get; }

    /// <summary>An app over a given file, e.g. to start the app a second time on the same database.</summary>
    public static SupplyTrackerApp Over(string databasePath, bool seed, bool ownsDatabase) => new(databasePath, seed, ownsDatabase);

    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), $"supplytracker-test-{Guid.NewGuid():N}.db");

    public static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            File.Delete(file);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:SupplyTracker", $"Data Source={DatabasePath}");
        builder.UseSetting("Seed:Enabled", _seed ? "true" : "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "None");
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new FixedClock(Now))));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase) DeleteDatabase(DatabasePath);
        GC.SuppressFinalize(this);
    }

    /// <summary>Sends one command through the real pipeline (validation, transaction) in its own DI scope, as a request would.</summary>
    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    public Task<T> QueryAsync<T>(Func<SupplyTrackerDbContext, Task<T>> query) =>
        InScopeAsync(services => query(services.GetRequiredService<SupplyTrackerDbContext>()));

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async Task<int> ExecuteSqlAsync(string sql, params object[] parameters)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>().Database.ExecuteSqlRawAsync(sql, parameters);
    }

    /// <summary>Row count of every table in the file, to show that a failed command wrote nothing.</summary>
    public Task<SortedDictionary<string, long>> CountRowsAsync() => QueryAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
            counts[table] = await ScalarAsync(connection, $"SELECT COUNT(*) FROM \"{table}\"");
        return counts;
    });

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

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
public sealed class SeededSupplyTrackerApp() : SupplyTrackerApp(NewDatabasePath(), seed: true, ownsDatabase: true);
