using System.Data.Common;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Support;

/// <summary>
/// The real app over its own database (<see cref="TestDatabase"/>: a SQLite temp file or a PostgreSQL database) and a fixed clock; seeding is off unless asked for. Used as a class
/// fixture, so every test creates the items, locations and donors it needs and never relies on another test's rows.
/// </summary>
public class SupplyTrackerApp : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    private static int _sequence;
    private readonly bool _seed;
    private readonly bool _ownsDatabase;

    public SupplyTrackerApp() : this(TestDatabase.Create("test"), seed: false, ownsDatabase: true) { }

    protected SupplyTrackerApp(TestDatabase database, bool seed, bool ownsDatabase)
    {
        Database = database;
        _seed = seed;
        _ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }

    /// <summary>An app over a given database, e.g. to start the app a second time on the same database.</summary>
    public static SupplyTrackerApp Over(TestDatabase database, bool seed, bool ownsDatabase) => new(database, seed, ownsDatabase);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Database.Configure(builder);
        builder.UseSetting("Seed:Enabled", _seed ? "true" : "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "None");
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new FixedClock(Now))));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase) Database.Dispose();
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

    /// <summary>Row count of every table in the database, to show that a failed command wrote nothing.</summary>
    public Task<SortedDictionary<string, long>> CountRowsAsync() => QueryAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = TestDatabase.IsPostgres
                ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
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
public sealed class SeededSupplyTrackerApp() : SupplyTrackerApp(TestDatabase.Create("seeded"), seed: true, ownsDatabase: true);
