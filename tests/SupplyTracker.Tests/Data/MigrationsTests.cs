using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using SupplyTracker.Data;

namespace SupplyTracker.Tests.Data;

/// <summary>
/// Start-up no longer compares the migrations with the model (DatabaseSetup ignores PendingModelChangesWarning): this is
/// where a model change without its migration is caught. Building the models opens no connection.
/// </summary>
public sealed class MigrationsTests
{
    public static TheoryData<DatabaseProvider> Providers() => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_migrations_of_each_provider_match_the_model(DatabaseProvider provider)
    {
        using var services = AppDatabaseServices(provider);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} migrations' snapshot differs from the model: run scripts/squash-migrations (or scripts/add-migration).");
    }

    /// <summary>The database services as the app registers them for a provider (no server, no file is opened).</summary>
    internal static ServiceProvider AppDatabaseServices(DatabaseProvider provider)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseSetup.ProviderKey] = provider.ToString(),
            ["ConnectionStrings:SupplyTracker"] = provider == DatabaseProvider.Postgres ? "Host=localhost;Database=unused" : "Data Source=:memory:",
        }).Build();
        return new ServiceCollection()
            .AddSupplyTrackerDatabase(configuration, new HostingEnvironment { ContentRootPath = Path.GetTempPath() })
            .BuildServiceProvider();
    }
}
