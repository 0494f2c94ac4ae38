using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using SupplyTracker.Data;

namespace SupplyTracker.Tests.Data;

[Trait("Database", "true")]
public sealed class DatabaseProviderTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();

    [Theory]
    [InlineData(null, DatabaseProvider.Sqlite)]
    [InlineData("", DatabaseProvider.Sqlite)]
    [InlineData("Sqlite", DatabaseProvider.Sqlite)]
    [InlineData("postgres", DatabaseProvider.Postgres)]
    [InlineData("Postgres", DatabaseProvider.Postgres)]
    public void Provider_is_read_from_configuration_and_defaults_to_SQLite(string? value, DatabaseProvider expected)
    {
        var configuration = value is null ? Settings() : Settings((DatabaseSetup.ProviderKey, value));

        Assert.Equal(expected, DatabaseSetup.ProviderFrom(configuration));
    }

    [Theory]
    [InlineData("MySql")]
    [InlineData("7")]
    public void Refuses_an_unknown_provider(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => DatabaseSetup.ProviderFrom(Settings((DatabaseSetup.ProviderKey, value))));

        Assert.Contains("Sqlite or Postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_needs_a_connection_string()
    {
        var configuration = Settings((DatabaseSetup.ProviderKey, "Postgres"));

        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddSupplyTrackerDatabase(configuration, new HostingEnvironment { ContentRootPath = Path.GetTempPath() }));

        Assert.Contains("ConnectionStrings:SupplyTracker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_context_is_the_one_handed_out_as_SupplyTrackerDbContext()
    {
        var configuration = Settings((DatabaseSetup.ProviderKey, "Postgres"), ("ConnectionStrings:SupplyTracker", "Host=localhost;Database=unused"));
        using var services = new ServiceCollection()
            .AddSupplyTrackerDatabase(configuration, new HostingEnvironment { ContentRootPath = Path.GetTempPath() })
            .BuildServiceProvider();
        using var scope = services.CreateScope();

        Assert.IsType<PostgresSupplyTrackerDbContext>(scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>());
    }
}
