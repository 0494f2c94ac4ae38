using System.Data.Common;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using SupplyTracker.Data;

namespace SupplyTracker.Tests.Support;

/// <summary>How a <see cref="TestApp"/> starts: all optional.</summary>
public sealed record TestAppOptions
{
    /// <summary>The ASP.NET Core environment: Development (demo users, seed) unless told.</summary>
    public string Environment { get; init; } = "Development";

    /// <summary><c>Seed:Enabled</c>; null keeps the environment's default (on in Development).</summary>
    public bool? Seed { get; init; }

    /// <summary>Extra configuration, as <c>UseSetting</c> would give it.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Services to add or replace after the app's own (the clock is always the fake one).</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Where the fake clock starts; by default the current time in whole seconds (PostgreSQL keeps microseconds).</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>The database to run over (e.g. another instance's, see <see cref="TestApp.SecondInstance"/>); a new one by default.</summary>
    public TestDatabase? Database { get; init; }

    /// <summary>Whether disposing the app drops the database; true for a database the app created.</summary>
    public bool? OwnsDatabase { get; init; }

    /// <summary>A new database with no schema, which the app migrates at start-up (a new deployment), instead of a copy of the run's migrated template.</summary>
    public bool EmptyDatabase { get; init; }

    /// <summary>Names the database a new one gets (its file or database name says which fixture made it).</summary>
    public string Purpose { get; init; } = "app";

    /// <summary>Logs at Warning and above only, EF Core's not at all.</summary>
    public bool QuietLogs { get; init; } = true;
}

/// <summary>
/// The one test host: the real app over its own database (<see cref="TestDatabase"/>: a SQLite temp file or a PostgreSQL
/// database) on a <see cref="FakeTimeProvider"/> the test moves. Options say the environment, the seed, extra settings and
/// services, and whether it shares another instance's database. For a browser or real sockets: <c>UseKestrel(0)</c> then
/// <c>StartServer()</c>. Fixture presets are subclasses that only pass options; none configures the host itself.
/// </summary>
public class TestApp : WebApplicationFactory<Program>
{
    private readonly TestAppOptions _options;
    private readonly bool _ownsDatabase;

    // One public constructor: xUnit refuses a class fixture with more.
    public TestApp(TestAppOptions options)
    {
        _options = options;
        Database = options.Database ?? TestDatabase.Create(options.Purpose, options.EmptyDatabase);
        _ownsDatabase = options.OwnsDatabase ?? options.Database is null;
        var now = DateTimeOffset.UtcNow;
        Clock = new FakeTimeProvider(options.Start ?? new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero));
    }

    /// <summary>PBKDF2 iterations of the test host's password hasher (Identity's default is 100,000).</summary>
    public const int TestPasswordIterations = 1_000;

    public TestDatabase Database { get; }

    /// <summary>The app's clock: it moves only when the test advances it.</summary>
    public FakeTimeProvider Clock { get; }

    public TestAppOptions Options => _options;

    /// <summary>A second app instance over the same database (the caller disposes it; the database stays with this app).</summary>
    public TestApp SecondInstance(TestAppOptions? options = null) =>
        new((options ?? _options) with { Database = Database, OwnsDatabase = false });

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_options.Environment);
        Database.Configure(builder);
        if (_options.Seed is { } seed) builder.UseSetting("Seed:Enabled", seed ? "true" : "false");
        if (_options.QuietLogs)
        {
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "None");
        }
        foreach (var (key, value) in _options.Settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            // PBKDF2 at Identity's 100,000 iterations costs about 90 ms of CPU per hash here, and every seeded app hashes its
            // nine demo users, every created user and every sign-in one more: over two minutes of CPU per CI run, on two shared
            // cores. Tests check who may sign in, not how slow a guess is; the count is stored in each hash, so hashes made
            // elsewhere (the CLI, another instance) still verify. The production default is untouched.
            services.Configure<PasswordHasherOptions>(hasher => hasher.IterationCount = TestPasswordIterations);
            _options.Services?.Invoke(services);
        });
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

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DisposeDatabase();
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) DisposeDatabase();
    }

    private void DisposeDatabase()
    {
        if (_ownsDatabase) Database.Dispose();
        else if (!TestDatabase.IsPostgres) SqliteConnection.ClearAllPools();
    }
}
