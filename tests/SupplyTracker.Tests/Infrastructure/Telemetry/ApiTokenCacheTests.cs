using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Infrastructure.Telemetry;

/// <summary>
/// Bearer authentication reuses a user's claims between requests (one query per request instead of five); what may
/// change between two requests must still be seen on the second one, on this instance and on another.
/// </summary>
public sealed class ApiTokenCacheTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    [Fact]
    public async Task A_role_given_after_the_claims_were_reused_counts_on_the_next_request()
    {
        var user = await app.CreateUserAsync(Roles.Auditor);
        using var client = app.CreateClientWithToken(await app.IssueTokenAsync(user.UserName));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/odata/Items")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/metrics")).StatusCode);

        await app.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            return await users.AddToRoleAsync((await users.FindByNameAsync(user.UserName))!, Roles.Admin);
        });

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task A_user_locked_out_after_the_claims_were_reused_is_refused_on_the_next_request()
    {
        var user = await app.CreateUserAsync(Roles.Logistics);
        using var client = app.CreateClientWithToken(await app.IssueTokenAsync(user.UserName));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/odata/Items")).StatusCode);

        await app.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            return await users.SetLockoutEndDateAsync((await users.FindByNameAsync(user.UserName))!, DateTimeOffset.MaxValue);
        });

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/odata/Items")).StatusCode);
    }

    [Fact]
    public async Task A_token_revoked_through_one_instance_is_refused_at_once_by_another_over_the_same_database()
    {
        await using var other = SupplyTrackerApp.Over(app.Database, seed: false, ownsDatabase: false);
        var user = await app.CreateUserAsync(Roles.Logistics);
        var token = await app.IssueTokenAsync(user.UserName);
        using var here = app.CreateClientWithToken(token);
        using var there = other.CreateClientWithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/odata/Items")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await there.GetAsync("/odata/Items")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await here.DeleteAsync("/auth/token")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await there.GetAsync("/odata/Items")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await here.GetAsync("/odata/Items")).StatusCode);
    }
}
