using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Tests.Infrastructure;

namespace SupplyTracker.Tests.Api;

/// <summary>No write before authorisation: a request refused as anonymous or forbidden never reaches the key store.</summary>
[Trait("Database", "true")]
public sealed class IdempotencyAuthorisationTests(IdempotencyApp app) : IClassFixture<IdempotencyApp>
{
    private const string Donations = "/odata/Donations";

    [Fact]
    public async Task Two_anonymous_posts_with_one_key_are_both_401_and_write_no_row()
    {
        var anonymous = ((WebApplicationFactory<Program>)app).CreateClient();
        var json = await app.DonationJson("anonymous");

        var first = await IdempotencyApp.PostAsync(anonymous, Donations, json, "anonymous-1");
        var second = await IdempotencyApp.PostAsync(anonymous, Donations, json, "anonymous-1");

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.False(first.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
        Assert.False(second.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
        Assert.Equal(0, await app.InDatabase(db => db.IdempotencyRecords.CountAsync(r => r.Key == "anonymous-1" || r.Caller == "anonymous")));
    }

    [Fact]
    public async Task A_forbidden_post_with_a_key_is_403_twice_and_writes_no_row()
    {
        var auditor = await app.CreateUserAsync(Roles.Auditor);
        var client = app.CreateClientWithToken(await app.IssueTokenAsync(auditor.UserName));
        var json = await app.DonationJson("forbidden");

        var first = await IdempotencyApp.PostAsync(client, Donations, json, "forbidden-1");
        var second = await IdempotencyApp.PostAsync(client, Donations, json, "forbidden-1");

        Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        Assert.False(second.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
        Assert.Equal(0, await app.InDatabase(db => db.IdempotencyRecords.CountAsync(r => r.Key == "forbidden-1")));
    }

    [Fact]
    public async Task The_same_key_from_two_callers_runs_twice()
    {
        var other = await app.CreateUserAsync(Roles.Logistics);
        var otherClient = app.CreateClientWithToken(await app.IssueTokenAsync(other.UserName));
        var json = await app.DonationJson("two callers");

        var mine = await IdempotencyApp.PostAsync(app.CreateClient(), Donations, json, "shared-key-1");
        var theirs = await IdempotencyApp.PostAsync(otherClient, Donations, json, "shared-key-1");

        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.False(theirs.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
        Assert.Equal(2, await app.InDatabase(db => db.Donations.CountAsync(d => d.Note == "two callers")));
    }
}
