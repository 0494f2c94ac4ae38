using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Cli;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Infrastructure;

namespace SupplyTracker.Tests.Cli;

[Trait("Database", "true")]
public sealed class UsersAddVerbTests(ProductionAuthTestApp app) : IClassFixture<ProductionAuthTestApp>
{
    [Fact]
    public async Task Users_add_without_password_prints_a_generated_one_that_works()
    {
        _ = app.Server;
        var output = new StringWriter();

        var exit = await CommandLine.RunAsync(["users", "add", "--role", "Admin", "--name", "alice", .. HostArgs()], output);

        Assert.Equal(0, exit);
        var password = output.ToString().Split('\n').Single(l => l.StartsWith("Password", StringComparison.Ordinal)).Split(": ")[1].Trim();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var alice = await users.FindByNameAsync("alice");
        Assert.NotNull(alice);
        Assert.True(await users.IsInRoleAsync(alice, Roles.Admin));
        Assert.True(await users.CheckPasswordAsync(alice, password));
    }

    [Fact]
    public async Task Users_add_binds_a_station_user_to_its_location()
    {
        _ = app.Server;
        var output = new StringWriter();

        var exit = await CommandLine.RunAsync(
            ["users", "add", "--role", "Station", "--name", "heping-duty", "--password", "a long enough password", "--location", "CP-HEPING", .. HostArgs()],
            output);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("Password", output.ToString(), StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("heping-duty");
        Assert.NotNull(user?.LocationId);
    }

    [Theory]
    [InlineData("Station", null, "locationCode")]
    [InlineData("Admin", "CP-HEPING", "locationCode")]
    [InlineData("Janitor", null, "role")]
    public async Task Users_add_refuses_an_inconsistent_user(string role, string? location, string field)
    {
        _ = app.Server;
        var output = new StringWriter();
        string[] locationArgs = location is null ? [] : ["--location", location];

        var exit = await CommandLine.RunAsync(["users", "add", "--role", role, "--name", "x" + Guid.NewGuid().ToString("N")[..8], .. locationArgs, .. HostArgs()], output);

        Assert.Equal(2, exit);
        Assert.Contains(field + ":", output.ToString(), StringComparison.Ordinal);
    }

    private string[] HostArgs() => [.. app.Database.HostArgs, "--Seed:Enabled=false"];
}
