using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Infrastructure.Telemetry;

public sealed class HealthEndpointTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    [Theory]
    [InlineData("/healthz/live")]
    [InlineData("/healthz/ready")]
    [InlineData("/healthz")]
    public async Task Each_probe_answers_200_without_signing_in_when_all_is_well(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_the_cjk_font_the_service_is_live_but_not_ready()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-font-{Guid.NewGuid():N}.ttc");
        await using var fontless = app.WithWebHostBuilder(builder => builder.UseSetting("Documents:FontPath", missing).UseSetting("Documents:FontChain:0", missing));
        using var client = fontless.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    [Trait("Database", "true")]
    public async Task Ready_answers_503_while_a_migration_of_the_code_is_missing_from_the_database()
    {
        await using var own = SupplyTrackerApp.Over(TestDatabase.Create("health"), seed: false, ownsDatabase: true);
        // The app starts on its migrated database; then the database forgets the migration.
        await own.ExecuteSqlAsync("DELETE FROM \"__EFMigrationsHistory\"");
        using var client = own.CreateClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
    }

    [Fact]
    public async Task With_the_database_unreachable_live_still_answers_200_and_ready_503()
    {
        // A SQLite file can be made unopenable in place; on PostgreSQL the same is shown by the font and the ready probe.
        if (TestDatabase.IsPostgres) return;
        await using var own = SupplyTrackerApp.Over(TestDatabase.Create("health"), seed: false, ownsDatabase: true);
        using var client = own.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);

        var file = own.Database.Name;
        SqliteConnection.ClearAllPools();
        File.Move(file, file + ".away");
        Directory.CreateDirectory(file);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz/ready")).StatusCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(file);
            File.Move(file + ".away", file);
        }
    }
}
