using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Tests.Api;

[Trait("Database", "true")]
public sealed class IdempotencyTests(IdempotencyApp app) : IClassFixture<IdempotencyApp>
{
    private const string Donations = "/odata/Donations";

    [Fact]
    public async Task Replaying_a_key_returns_the_first_response_and_records_one_donation()
    {
        var client = app.CreateClient();
        var json = await app.DonationJson("replay");

        var first = await IdempotencyApp.PostAsync(client, Donations, json, "replay-1");
        var second = await IdempotencyApp.PostAsync(client, Donations, json, "replay-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Content.Headers.ContentType, second.Content.Headers.ContentType);
        Assert.False(first.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
        Assert.Equal("true", Assert.Single(second.Headers.GetValues(IdempotencyMiddleware.ReplayedHeaderName)));
        Assert.Equal(1, await app.InDatabase(db => db.Donations.CountAsync(d => d.Note == "replay")));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_refused_with_422_naming_the_header()
    {
        var client = app.CreateClient();
        await IdempotencyApp.PostAsync(client, Donations, await app.DonationJson("different body"), "different-body-1");

        var response = await IdempotencyApp.PostAsync(client, Donations, await app.DonationJson("different body", quantity: 200), "different-body-1");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        await response.ReadODataErrorAsync();
        var problem = await ProblemAsync(response);
        Assert.Equal("Idempotency-Key", problem.GetProperty("target").GetString());
        Assert.Contains("Idempotency-Key", problem.GetProperty("message").GetString());
        Assert.Equal(1, await app.InDatabase(db => db.Donations.CountAsync(d => d.Note == "different body")));
    }

    [Fact]
    public async Task The_same_key_on_a_different_path_is_refused_with_422()
    {
        var client = app.CreateClient();
        var json = await app.DonationJson("different path");
        await IdempotencyApp.PostAsync(client, Donations, json, "different-path-1");

        var response = await IdempotencyApp.PostAsync(client, "/odata/Donations(1)/Inspect", json, "different-path-1");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("/odata/Donations", (await ProblemAsync(response)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Concurrent_duplicates_run_the_command_once()
    {
        var client = app.CreateClient();
        var json = await app.DonationJson("concurrent");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => IdempotencyApp.PostAsync(client, Donations, json, "concurrent-1"))));

        var original = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
        var body = await original.Content.ReadAsStringAsync();
        foreach (var other in responses.Where(r => r != original))
        {
            if (other.StatusCode == HttpStatusCode.Conflict)
                Assert.Equal("Idempotency-Key", (await ProblemAsync(other)).GetProperty("target").GetString());
            else
            {
                Assert.Equal(HttpStatusCode.Created, other.StatusCode);
                Assert.Equal(body, await other.Content.ReadAsStringAsync());
            }
        }
        Assert.Equal(1, await app.InDatabase(db => db.Donations.CountAsync(d => d.Note == "concurrent")));
    }

    [Fact]
    public async Task A_key_whose_first_request_is_still_running_answers_409()
    {
        var json = await app.DonationJson("in flight");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        await app.InDatabase(async db =>
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord(app.CallerName, "in-flight-1", "POST", Donations, hash, app.Clock.GetUtcNow().UtcDateTime));
            return await db.SaveChangesAsync();
        });

        var response = await IdempotencyApp.PostAsync(app.CreateClient(), Donations, json, "in-flight-1");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("Idempotency-Key", (await ProblemAsync(response)).GetProperty("target").GetString());
        Assert.Equal(0, await app.InDatabase(db => db.Donations.CountAsync(d => d.Note == "in flight")));
    }

    [Fact]
    public async Task A_4xx_from_a_rule_inside_the_command_is_stored_and_replayed()
    {
        var client = app.CreateClient();
        var created = await IdempotencyApp.PostAsync(client, Donations, await app.DonationJson("inspected twice"), key: null);
        using var donation = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var donationId = donation.RootElement.GetProperty("id").GetInt32();
        var lineId = await app.InDatabase(db => db.DonationLines.Where(l => l.DonationId == donationId).Select(l => l.Id).SingleAsync());
        var path = $"/odata/Donations({donationId})/Inspect";
        var accept = $$"""{"decisions":[{"lineId":{{lineId}},"outcome":"Accept"}]}""";
        var reject = $$"""{"decisions":[{"lineId":{{lineId}},"outcome":"Reject","reason":"torn"}]}""";
        await IdempotencyApp.PostAsync(client, path, accept, key: null);

        var first = await IdempotencyApp.PostAsync(client, path, reject, "rule-1");
        var second = await IdempotencyApp.PostAsync(client, path, reject, "rule-1");

        Assert.InRange((int)first.StatusCode, 400, 499);
        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.True(second.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
    }

    [Fact]
    public async Task A_request_refused_by_validation_stores_nothing_so_the_retry_runs_afresh()
    {
        // Stripe: no result is saved when the parameters fail validation, since the endpoint never began to execute.
        var client = app.CreateClient();
        var json = await app.DonationJson("unknown donor", donorId: 999_999);

        var first = await IdempotencyApp.PostAsync(client, Donations, json, "bad-request-1");
        var second = await IdempotencyApp.PostAsync(client, Donations, json, "bad-request-1");

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.False(second.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
        Assert.Equal(0, await app.InDatabase(db => db.IdempotencyRecords.CountAsync(r => r.Key == "bad-request-1")));
    }

    [Fact]
    public async Task Replaying_a_bound_action_posts_no_second_movement()
    {
        var client = app.CreateClient();
        var created = await IdempotencyApp.PostAsync(client, Donations, await app.DonationJson("inspect replay"), key: null);
        using var donation = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var donationId = donation.RootElement.GetProperty("id").GetInt32();
        var lineId = await app.InDatabase(db => db.DonationLines.Where(l => l.DonationId == donationId).Select(l => l.Id).SingleAsync());
        var inspect = $$"""{"decisions":[{"lineId":{{lineId}},"outcome":"Accept"}]}""";
        var path = $"/odata/Donations({donationId})/Inspect";

        var first = await IdempotencyApp.PostAsync(client, path, inspect, "inspect-1");
        var movements = await app.InDatabase(db => db.StockMovements.CountAsync());
        var second = await IdempotencyApp.PostAsync(client, path, inspect, "inspect-1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.True(second.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
        Assert.Equal(movements, await app.InDatabase(db => db.StockMovements.CountAsync()));
        Assert.Equal(LineDisposition.Accepted, await app.InDatabase(db => db.DonationLines.Where(l => l.Id == lineId).Select(l => l.Disposition).SingleAsync()));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1000)]
    public async Task A_key_longer_than_255_characters_is_400(int length)
    {
        var response = await IdempotencyApp.PostAsync(app.CreateClient(), Donations, await app.DonationJson("long key"), new string('k', length));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.FieldErrorsAsync()).TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(0, await app.InDatabase(db => db.Donations.CountAsync(d => d.Note == "long key")));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("a", true)]
    [InlineData("order 42 / attempt #1 ~", true)]
    [InlineData("tab\there", false)]
    [InlineData("del\u007F", false)]
    [InlineData("鍵", false)]
    public void Keys_are_1_to_255_printable_ASCII_characters(string key, bool valid) =>
        Assert.Equal(valid, IdempotencyMiddleware.IsValidKey(key));

    [Theory]
    [InlineData("POST", "/odata/Donations", true)]
    [InlineData("POST", "/odata/Donations(7)/Inspect", true)]
    [InlineData("POST", "/odata/$batch", false)]
    [InlineData("PATCH", "/odata/Donations(7)", false)]
    [InlineData("POST", "/healthz", false)]
    [InlineData("POST", "/Station/Consumption", true)]
    [InlineData("POST", "/Requests/Details/5", true)]
    [InlineData("POST", "/Donations/New", false)]
    [InlineData("GET", "/Station", false)]
    public void Only_POSTs_under_odata_other_than_batch_are_covered(string method, string path, bool covered)
    {
        var context = new DefaultHttpContext { Request = { Method = method, Path = path } };

        Assert.Equal(covered, IdempotencyMiddleware.AppliesTo(context.Request));
    }

    [Fact]
    public async Task A_server_error_is_not_stored_so_the_client_can_retry()
    {
        var client = app.CreateClient();
        var json = await app.DonationJson("retry after 500");

        var failed = await IdempotencyApp.PostAsync(client, Donations, json, "server-error-1", fail: true);
        var stored = await app.InDatabase(db => db.IdempotencyRecords.CountAsync(r => r.Key == "server-error-1"));
        var retried = await IdempotencyApp.PostAsync(client, Donations, json, "server-error-1");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(0, stored);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.False(retried.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
        Assert.Equal(1, await app.InDatabase(db => db.Donations.CountAsync(d => d.Note == "retry after 500")));
    }

    [Fact]
    public async Task Keys_older_than_the_retention_are_purged()
    {
        using var ownApp = new IdempotencyApp();
        var client = ownApp.CreateClient();
        var json = await ownApp.DonationJson("retention");
        await IdempotencyApp.PostAsync(client, Donations, json, "retention-1");

        ownApp.Clock.Advance(TimeSpan.FromHours(23));
        var withinRetention = await IdempotencyApp.PostAsync(client, Donations, json, "retention-1");
        ownApp.Clock.Advance(TimeSpan.FromHours(2));
        var other = await IdempotencyApp.PostAsync(client, Donations, await ownApp.DonationJson("retention, later"), "retention-2");
        var keys = await ownApp.InDatabase(db => db.IdempotencyRecords.Select(r => r.Key).ToListAsync());
        var reused = await IdempotencyApp.PostAsync(client, Donations, await ownApp.DonationJson("retention, key reused"), "retention-1");

        Assert.True(withinRetention.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(["retention-2"], keys);
        Assert.Equal(HttpStatusCode.Created, reused.StatusCode);
        Assert.False(reused.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName));
    }

    [Fact]
    public void The_retention_is_read_from_configuration()
    {
        using var ownApp = IdempotencyApp.WithRetention("2.00:00:00");

        Assert.Equal(TimeSpan.FromDays(2), ownApp.Services.GetRequiredService<IOptions<IdempotencyOptions>>().Value.IdempotencyRetention);
    }

    [Fact]
    public void A_retention_under_24_hours_stops_the_service_at_start_up()
    {
        using var ownApp = IdempotencyApp.WithRetention("01:00:00");

        var error = Assert.Throws<OptionsValidationException>(() => ownApp.Services);
        Assert.Contains("24 hours", error.Message);
    }

    /// <summary>The OData error object (these requests are all under /odata).</summary>
    private static Task<JsonElement> ProblemAsync(HttpResponseMessage response) => response.ErrorJsonAsync();
}
