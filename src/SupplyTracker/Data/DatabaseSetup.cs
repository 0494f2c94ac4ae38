using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data.Seed;

namespace SupplyTracker.Data;

public static class DatabaseSetup
{
    public static IServiceCollection AddSupplyTrackerDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var connectionString = configuration.GetConnectionString("SupplyTracker");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var dataDirectory = Path.Combine(environment.ContentRootPath, "data");
            Directory.CreateDirectory(dataDirectory);
            connectionString = $"Data Source={Path.Combine(dataDirectory, "supplytracker.db")}";
        }
        else
        {
            var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
            var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        }

        services.AddSingleton<SqlitePragmas>();
        services.AddDbContext<SupplyTrackerDbContext>((sp, options) => options
            .UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(60))
            .AddInterceptors(sp.GetRequiredService<SqlitePragmas>()));
        services.AddScoped<SeedLoader>();
        services.AddScoped<UserSeeder>();
        return services;
    }

    /// <summary>Applies migrations, switches the file to WAL, creates the roles and loads the seed data when configured.</summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

        var userSeeder = scope.ServiceProvider.GetRequiredService<UserSeeder>();
        await userSeeder.EnsureRolesAsync();
        var configuration = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        if (configuration.GetValue("Seed:Enabled", true))
        {
            await scope.ServiceProvider.GetRequiredService<SeedLoader>().LoadAsync(cancellationToken);
            await userSeeder.AddDemoUsersAsync(cancellationToken);
        }
    }
}
