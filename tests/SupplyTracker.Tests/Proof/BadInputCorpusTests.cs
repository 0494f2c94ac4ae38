using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Api;
using SupplyTracker.Tests.Infrastructure;

using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Proof;

/// <summary>The real app in Production (no stack traces, no demo users) over its own seeded file, with one client per role.</summary>
public sealed class BadInputApp() : ApiFactory(new TestAppOptions { Environment = "Production" }), IAsyncLifetime
{
    private readonly Dictionary<Caller, HttpClient> _clients = [];

    public string DatabasePath => new SqliteConnectionStringBuilder(
        Services.GetRequiredService<IConfiguration>().GetConnectionString("SupplyTracker")).DataSource;

    public HttpClient Client(Caller caller) => _clients[caller];

    public async Task InitializeAsync()
    {
        _clients[Caller.Admin] = AdminClient;
        _clients[Caller.Logistics] = await this.CreateClientAsAsync(Roles.Logistics);
        _clients[Caller.Station] = await this.CreateClientAsAsync(Roles.Station, "CP-HEPING");
        _clients[Caller.Auditor] = await this.CreateClientAsAsync(Roles.Auditor);
        _clients[Caller.Anonymous] = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        // The draft request the workflow cases aim at.
        using var draft = await _clients[Caller.Station].PostAsJsonAsync("/odata/AllocationRequests", new
        {
            requestingLocationId = 2, priority = "Urgent", justification = "一級查控", neededBy = "2026-12-20",
            lines = new[] { new { itemId = 1, quantityRequested = 100 } },
        });
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        Assert.Equal(1, (await draft.JsonAsync()).GetProperty("id").GetInt32());
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

[Trait("Database", "true")]
public sealed class BadInputCorpusTests(BadInputApp app) : IClassFixture<BadInputApp>
{
    public static TheoryData<string> Cases => [.. BadInputCorpus.All.Keys];

    [Fact]
    public void The_corpus_has_at_least_200_cases() => Assert.InRange(BadInputCorpus.All.Count, 200, int.MaxValue);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_refused_with_ProblemDetails_and_changes_nothing(string name)
    {
        var input = BadInputCorpus.All[name];
        var before = DatabaseChecksum.Compute(app.DatabasePath);

        if (input.First is { } first)
        {
            using var firstResponse = await app.Client(first.Caller).SendAsync(first.ToRequest());
            await AssertRefusedAsync(firstResponse, first.Name);
        }
        using var response = await app.Client(input.Caller).SendAsync(input.ToRequest());
        switch (input.Expect)
        {
            case Expect.Refused:
                await AssertRefusedAsync(response, name);
                break;
            case Expect.NotImplemented:
                Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
                await AssertProblemAsync(response, name);
                break;
            case Expect.EmptyList:
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {Shorten(body)}");
                Assert.Empty(JsonDocument.Parse(body).RootElement.GetProperty("value").EnumerateArray());
                break;
            case Expect.Ignored:
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync())}");
                break;
            case Expect.EveryOperationRefused:
                var batch = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {Shorten(batch)}");
                var statuses = JsonDocument.Parse(batch).RootElement.GetProperty("responses").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ToList();
                Assert.NotEmpty(statuses);
                Assert.All(statuses, s => Assert.InRange(s, 400, 499));
                break;
        }

        Assert.Equal(before, DatabaseChecksum.Compute(app.DatabasePath));
    }

    public static TheoryData<string> UnusualText =>
    [
        "口罩😷捐贈🧤", "👨‍👩‍👧‍👦 family", "e\u0301te\u0301 Zalgo Z\u0351\u0315a\u0336l\u0321g\u0328o", "عربي مستشفى", "עברית בית חולים",
        "\u202Eevil.exe\u202C", "zero\u200Bwidth\u200Djoin", "𠀀𪚥 CJK extension", "ＦＵＬＬＷＩＤＴＨ", "a\uFEFFb", "tab\tand\nnewline",
        "O'Brien \"quoted\" <b>html</b> & %_ \\", "'; DROP TABLE Donors; --",
    ];

    [Theory]
    [MemberData(nameof(UnusualText))]
    public async Task Unusual_text_round_trips_through_post_get_filter_and_search(string text)
    {
        var logistics = app.Client(Caller.Logistics);
        var name = text.Replace('\t', ' ').Replace('\n', ' ') + " " + Guid.NewGuid().ToString("N")[..6];
        using var donor = await logistics.PostAsJsonAsync("/odata/Donors",
            new { name, kind = "Individual", isAnonymous = false, preferredLanguage = "zh-Hant", address = text });
        Assert.Equal(HttpStatusCode.Created, donor.StatusCode);
        var donorId = (await donor.JsonAsync()).GetProperty("id").GetInt32();
        var read = await logistics.GetJsonAsync($"/odata/Donors({donorId})");
        Assert.Equal(name, read.GetProperty("name").GetString());
        Assert.Equal(text, read.GetProperty("address").GetString());
        var filtered = await logistics.GetJsonAsync("/odata/Donors?$filter=" + Uri.EscapeDataString($"name eq '{name.Replace("'", "''", StringComparison.Ordinal)}'"));
        Assert.Equal(donorId, Assert.Single(filtered.Values()).GetProperty("id").GetInt32());
        var searched = await logistics.GetJsonAsync("/odata/Donors?$search=" + Uri.EscapeDataString("\"" + name[^6..] + "\""));
        Assert.Equal(donorId, Assert.Single(searched.Values()).GetProperty("id").GetInt32());

        using var donation = await logistics.PostAsJsonAsync("/odata/Donations", new
        {
            donorId, receivingLocationId = 1, receivedOn = "2026-11-01", note = text,
            lines = new[] { new { itemId = 1, quantity = 10, lotNumber = text.Replace('\t', ' ').Replace('\n', ' ') } },
        });
        Assert.Equal(HttpStatusCode.Created, donation.StatusCode);
        var donationId = (await donation.JsonAsync()).GetProperty("id").GetInt32();
        Assert.Equal(text, (await logistics.GetJsonAsync($"/odata/Donations({donationId})")).GetProperty("note").GetString());
        var line = Assert.Single((await logistics.GetJsonAsync($"/odata/Donations({donationId})/lines")).Values());
        Assert.Equal(text.Replace('\t', ' ').Replace('\n', ' ').Trim(), line.GetProperty("lotNumber").GetString());
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string name)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        // 501 is OData's answer for grammar the service does not implement (matchesPattern, $crossjoin): a refusal that
        // names what, with its own code; no other 5xx is.
        var notImplemented = status == 501 && body.Contains("\"code\":\"http.not_implemented\"", StringComparison.Ordinal);
        Assert.True(status is >= 400 and < 500 || notImplemented, $"{name}: answered {status} {Shorten(body)}");
        await AssertProblemAsync(response, name);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string name)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/odata", StringComparison.OrdinalIgnoreCase) == true)
        {
            // Under /odata: the OData JSON error format, read by the OData library itself, with a code and a message.
            await response.ReadODataErrorAsync();
            Assert.DoesNotContain("stacktrace", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            return;
        }
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{name}: {(int)response.StatusCode} with Content-Type '{response.Content.Headers.ContentType}': {Shorten(body)}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()), name);
        Assert.DoesNotContain("stacktrace", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
