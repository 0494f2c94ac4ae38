using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Infrastructure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Api;

[Trait("Database", "true")]
public sealed class ReadOnlyApiTests(SeededSupplyTrackerApp app) : IClassFixture<SeededSupplyTrackerApp>
{
    [Fact]
    public async Task Health_check_answers_200()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Locations_list_the_Heping_checkpoint_from_the_seed()
    {
        using var client = await app.CreateClientAsAsync(Roles.Auditor);

        using var response = await client.GetAsync(new Uri("/odata/Locations", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var names = body.RootElement.GetProperty("value").EnumerateArray().Select(l => l.GetProperty("name").GetString()).ToList();
        Assert.Contains("和平檢查站", names);
    }

    [Fact]
    public async Task App_uses_its_own_database()
    {
        var connected = await app.QueryAsync(db =>
        {
            var connection = db.Database.GetDbConnection();
            return Task.FromResult(TestDatabase.IsPostgres ? connection.Database : connection.DataSource);
        });

        Assert.Equal(app.Database.Name, connected);
        if (!TestDatabase.IsPostgres) Assert.True(File.Exists(app.Database.Name));
    }
}
