using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Data.Seed;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Infrastructure;

namespace SupplyTracker.Tests.Data;

[Trait("Database", "true")]
public sealed class DemoUsersTests(AuthTestApp app) : IClassFixture<AuthTestApp>
{
    public static readonly TheoryData<string, string, string?> DemoUsers = new()
    {
        { "admin", Roles.Admin, null },
        { "logistics", Roles.Logistics, null },
        { "auditor", Roles.Auditor, null },
        { "station-heping", Roles.Station, "CP-HEPING" },
        { "station-sq-dingyuan", Roles.Station, "SQ-DINGYUAN" },
        { "station-ps-dingyuan", Roles.Station, "PS-DINGYUAN" },
        { "station-lianda", Roles.Station, "PS-LIANDA" },
        { "station-swat", Roles.Station, "SWAT" },
        { "station-hp-dingyuan", Roles.Station, "HP-DINGYUAN" },
    };

    [Theory]
    [MemberData(nameof(DemoUsers))]
    public async Task Development_seeds_demo_user(string userName, string role, string? locationCode)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();

        var user = await users.FindByNameAsync(userName);

        Assert.NotNull(user);
        Assert.Equal([role], await users.GetRolesAsync(user));
        var locationId = locationCode is null ? (int?)null : await db.Locations.Where(l => l.Code == locationCode).Select(l => l.Id).SingleAsync();
        Assert.Equal(locationId, user.LocationId);
        Assert.True(await users.CheckPasswordAsync(user, UserSeeder.DemoPassword));
    }

    [Fact]
    public async Task Every_station_has_exactly_one_demo_user()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();

        var stations = await db.Locations.CountAsync(l => l.Kind != LocationKind.Warehouse);
        var stationUsers = await db.Users.Where(u => u.LocationId != null).Select(u => u.LocationId).Distinct().CountAsync();

        Assert.Equal(stations, stationUsers);
    }

    [Fact]
    public async Task Demo_user_gets_a_token_with_the_demo_password()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/auth/token", new { userName = "station-heping", password = "demo" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Station_user_names_drop_the_kind_prefix_unless_two_stations_would_share_a_name()
    {
        var names = UserSeeder.StationUserNames(["CP-HEPING", "SQ-DINGYUAN", "PS-DINGYUAN", "SWAT"]);

        Assert.Equal("station-heping", names["CP-HEPING"]);
        Assert.Equal("station-sq-dingyuan", names["SQ-DINGYUAN"]);
        Assert.Equal("station-ps-dingyuan", names["PS-DINGYUAN"]);
        Assert.Equal("station-swat", names["SWAT"]);
    }
}

[Trait("Database", "true")]
public sealed class ProductionUsersTests(ProductionAuthTestApp app) : IClassFixture<ProductionAuthTestApp>
{
    [Fact]
    public async Task Production_starts_without_any_demo_user()
    {
        var health = await app.CreateClient().GetAsync("/healthz");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var demoNames = DemoUsersTests.DemoUsers.Select(row => ((string)row[0]).ToUpperInvariant()).ToList();
        Assert.Empty(await db.Users.Where(u => demoNames.Contains(u.NormalizedUserName!)).ToListAsync());
        Assert.Empty(await db.Users.Where(u => u.LocationId != null).ToListAsync());
        Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
    }

    [Fact]
    public async Task Production_refuses_the_demo_password()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/auth/token", new { userName = "admin", password = "demo" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Production_still_requires_a_token_on_the_api()
    {
        var anonymous = await app.CreateClient().GetAsync("/odata/Items");
        var withToken = await (await app.CreateClientAsAsync(Roles.Logistics)).GetAsync("/odata/Items");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
    }
}
