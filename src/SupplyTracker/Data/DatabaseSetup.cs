using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SupplyTracker.Data.Seed;

namespace SupplyTracker.Data;

/// <summary>Where the data lives: <c>Database:Provider</c> picks the engine, <c>ConnectionStrings:SupplyTracker</c> the database.</summary>
public enum DatabaseProvider
{
    /// <summary>One file beside the app (WAL); one app instance. The default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, shared by any number of app instances.</summary>
    Postgres,
}

public static class DatabaseSetup
{
    public const string ProviderKey = "Database:Provider";

    public static DatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        var value = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"{ProviderKey} must be Sqlite or Postgres, not '{value}'.");
    }

    public static IServiceCollection AddSupplyTrackerDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var connectionString = configuration.GetConnectionString("SupplyTracker");
        if (ProviderFrom(configuration) == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("Database:Provider is Postgres: set ConnectionStrings:SupplyTracker (e.g. Host=db;Database=supplytracker;Username=…;Password=…).");
            // Resolved as SupplyTrackerDbContext everywhere; the subclass only carries PostgreSQL's migrations.
            services.AddDbContext<SupplyTrackerDbContext, PostgresSupplyTrackerDbContext>(options => options
                .UseNpgsql(connectionString, npgsql => npgsql.CommandTimeout(60))
                .ConfigureWarnings(NoPendingModelCheck), optionsLifetime: ServiceLifetime.Singleton);
        }
        else
        {
            connectionString = SqliteConnectionString(connectionString, environment);
            services.AddSingleton<SqlitePragmas>();
            // The options are built once (a singleton), not per request: nothing in them depends on the request.
            services.AddDbContext<SupplyTrackerDbContext>((sp, options) => options
                .UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(60))
                .ConfigureWarnings(NoPendingModelCheck)
                .AddInterceptors(sp.GetRequiredService<SqlitePragmas>()), optionsLifetime: ServiceLifetime.Singleton);
        }
        services.AddScoped<SeedLoader>();
        services.AddScoped<UserSeeder>();
        return services;
    }

    // Migrate compared the migrations' snapshot with a model built anew on every start only to refuse a model change that
    // has no migration (0.37 s of a start at load 25: bench/README.md). MigrationsTests asks the same question once per
    // test run, and scripts/add-migration and squash-migrations after every change; ignoring the warning skips the check.
    private static void NoPendingModelCheck(WarningsConfigurationBuilder warnings) =>
        warnings.Ignore(RelationalEventId.PendingModelChangesWarning);

    private static string SqliteConnectionString(string? connectionString, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var dataDirectory = Path.Combine(environment.ContentRootPath, "data");
            Directory.CreateDirectory(dataDirectory);
            return $"Data Source={Path.Combine(dataDirectory, "supplytracker.db")}";
        }
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        return connectionString;
    }

    /// <summary>
    /// Applies migrations, switches a SQLite file to WAL, creates the roles and loads the seed data when configured.
    /// On PostgreSQL, instances starting together take turns (a session advisory lock), so only the first migrates and seeds.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var postgres = db.Database.IsNpgsql();
        if (postgres)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(WriteTransaction.TakeStartupLock, cancellationToken);
        }
        // Where a start's time goes, in the log (category SupplyTracker.Startup, Information).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan migrated = default, roles = default;
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
            if (!postgres)
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            migrated = clock.Elapsed;

            var userSeeder = scope.ServiceProvider.GetRequiredService<UserSeeder>();
            await userSeeder.EnsureRolesAsync();
            roles = clock.Elapsed;
            var configuration = scope.ServiceProvider.GetRequiredService<IConfiguration>();
            if (configuration.GetValue("Seed:Enabled", true))
            {
                await scope.ServiceProvider.GetRequiredService<SeedLoader>().LoadAsync(cancellationToken);
                await userSeeder.AddDemoUsersAsync(cancellationToken);
            }
            scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("SupplyTracker.Startup").LogInformation(
                "Database ready in {Total:F0} ms: migrations {Migrations:F0} ms (the EF model's first use included), roles {Roles:F0} ms, seed {Seed:F0} ms",
                clock.Elapsed.TotalMilliseconds, migrated.TotalMilliseconds, (roles - migrated).TotalMilliseconds, (clock.Elapsed - roles).TotalMilliseconds);
        }
        finally
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync(WriteTransaction.ReleaseStartupLock, CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
