using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using SupplyTracker.Tests.Infrastructure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Api;

/// <summary>The protocol half of OData that real clients need: the error format, conditional requests, negotiation.</summary>
[Trait("Database", "true")]
public sealed class ODataProtocolTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.AdminClient;

    private async Task<int> IdOf(string set, string filter) =>
        (await _client.GetJsonAsync($"/odata/{set}?$filter={Uri.EscapeDataString(filter)}&$select=id")).Values().Single().GetProperty("id").GetInt32();

    private static HttpRequestMessage Request(HttpMethod method, string url, string? json = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    [Fact]
    public async Task An_unknown_address_answers_404_in_the_OData_error_format_with_the_OData_version()
    {
        using var response = await _client.GetAsync("/odata/NoSuchSet");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.ReadODataErrorAsync();
        Assert.Equal("http.not_found", error.Code);
    }

    [Fact]
    public async Task An_anonymous_request_answers_401_in_the_OData_error_format()
    {
        using var anonymous = factory.CreateClient();
        using var response = await anonymous.GetAsync("/odata/Items");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("http.unauthorized", (await response.ReadODataErrorAsync()).Code);
    }

    [Fact]
    public async Task A_missing_entity_says_so_in_the_language_the_request_asked_for()
    {
        using var request = Request(HttpMethod.Get, "/odata/Donations(999999)", null, ("Accept-Language", "zh-Hant"));
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.ReadODataErrorAsync();
        Assert.Contains("找不到", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Field_errors_are_one_detail_each_with_the_field_as_target_and_a_stable_code()
    {
        var body = new { donorId = 1, receivingLocationId = 1, receivedOn = "2026-11-01", lines = new object[] { new { itemId = 1, quantity = 1.5 }, new { itemId = 99999, quantity = 1 } } };
        using var response = await _client.PostAsJsonAsync("/odata/Donations", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ReadODataErrorAsync();
        Assert.Equal("request.invalid", error.Code);
        Assert.True(error.HasDetailFor("lines[0].quantity"));
        Assert.True(error.HasDetailFor("lines[1].itemId"));
        Assert.All(error.Details, d => Assert.False(string.IsNullOrEmpty(d.Code)));
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_option_OData_refuses_is_an_OData_error_that_names_no_stack()
    {
        using var response = await _client.GetAsync("/odata/Items?$filter=nosuchproperty eq 1");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("query.invalid", (await response.ReadODataErrorAsync()).Code);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_method_answers_405_in_the_OData_error_format()
    {
        using var response = await _client.DeleteAsync("/odata/Items(1)");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("http.method_not_allowed", (await response.ReadODataErrorAsync()).Code);
    }

    [Fact]
    public async Task Errors_outside_odata_stay_problem_details()
    {
        using var anonymous = factory.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/auth/token", new { userName = "nobody", password = "wrong password here" });
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("OData-Version"));
    }

    [Fact]
    public async Task Every_odata_response_says_its_version_and_4_01_when_the_client_allows_it()
    {
        using var plain = await _client.GetAsync("/odata/Items?$top=1");
        Assert.Equal("4.0", plain.Headers.GetValues("OData-Version").Single());
        using var request = Request(HttpMethod.Get, "/odata/NoSuchSet", null, ("OData-MaxVersion", "4.01"));
        using var error = await _client.SendAsync(request);
        Assert.Equal("4.01", error.Headers.GetValues("OData-Version").Single());
    }

    [Fact]
    public async Task A_GET_with_the_current_ETag_in_If_None_Match_answers_304()
    {
        var id = await IdOf("Items", "code eq 'THERMO-IR'");
        using var first = await _client.GetAsync($"/odata/Items({id})");
        var etag = first.Headers.ETag!.ToString();
        using var again = await _client.SendAsync(Request(HttpMethod.Get, $"/odata/Items({id})", null, ("If-None-Match", etag)));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(etag, again.Headers.ETag?.ToString());
        Assert.True(again.Headers.Contains("OData-Version"));
        using var any = await _client.SendAsync(Request(HttpMethod.Get, $"/odata/Items({id})", null, ("If-None-Match", "*")));
        Assert.Equal(HttpStatusCode.NotModified, any.StatusCode);
        using var other = await _client.SendAsync(Request(HttpMethod.Get, $"/odata/Items({id})", null, ("If-None-Match", "W/\"bm90IG91cnM=\"")));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_write_whose_If_None_Match_matches_the_current_ETag_is_refused_with_412_and_changes_nothing()
    {
        var id = await IdOf("Items", "code eq 'THERMO-IR'");
        using var first = await _client.GetAsync($"/odata/Items({id})");
        var etag = first.Headers.ETag!.ToString();
        var before = (await first.JsonAsync()).GetProperty("nameEn").GetString();
        using var patch = await _client.SendAsync(Request(HttpMethod.Patch, $"/odata/Items({id})", "{\"nameEn\":\"Changed anyway\"}",
            ("If-Match", "*"), ("If-None-Match", etag)));
        Assert.Equal(HttpStatusCode.PreconditionFailed, patch.StatusCode);
        var error = await patch.ReadODataErrorAsync();
        Assert.Equal("http.precondition_failed", error.Code);
        Assert.Equal("If-None-Match", error.Target);
        Assert.Equal(before, (await _client.GetJsonAsync($"/odata/Items({id})")).GetProperty("nameEn").GetString());
    }

    [Fact]
    public async Task Created_answers_carry_the_new_entity_s_ETag()
    {
        var code = "ETAG-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        using var response = await _client.PostAsJsonAsync("/odata/Items", new
        {
            code, nameZhHant = code, nameZhHans = code, nameEn = code, category = "Other", baseUnit = "件", packSize = 1, tracksExpiry = false,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var id = (await response.JsonAsync()).GetProperty("id").GetInt32();
        using var read = await _client.GetAsync($"/odata/Items({id})");
        Assert.Equal(read.Headers.ETag!.ToString(), response.Headers.ETag!.ToString());
    }

    [Theory]
    [InlineData("/odata/Items", "application/json;odata.metadata=bogus")]
    [InlineData("/odata/Items", "application/xml")]
    [InlineData("/odata/Items?$format=xml", null)]
    [InlineData("/odata/Items(1)", "application/atom+xml")]
    public async Task A_format_the_service_cannot_write_answers_406(string url, string? accept)
    {
        using var request = Request(HttpMethod.Get, url);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Equal("http.not_acceptable", (await response.ReadODataErrorAsync()).Code);
    }

    [Fact]
    public async Task Metadata_is_XML_by_default_and_JSON_with_full_metadata_is_still_served()
    {
        using var metadata = await _client.GetAsync("/odata/$metadata");
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        Assert.Equal("application/xml", metadata.Content.Headers.ContentType?.MediaType);
        using var request = Request(HttpMethod.Get, "/odata/Items?$top=1", null, ("Accept", "application/json;odata.metadata=full"));
        using var full = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
    }

    [Theory]
    [InlineData("/odata/Items?$filter=matchesPattern(code,'^GLV')", "$filter")]
    [InlineData("/odata/Items?$filter=round(usePerPersonShift) eq 1", "$filter")]
    [InlineData("/odata/Donations?$filter=time(recordedAt) lt 12:00:00", "$filter")]
    [InlineData("/odata/$crossjoin(Items,Locations)", "$crossjoin")]
    public async Task Grammar_the_service_does_not_implement_answers_501_naming_what(string url, string target)
    {
        using var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        var error = await response.ReadODataErrorAsync();
        Assert.Equal("http.not_implemented", error.Code);
        Assert.Equal(target, error.Target);
    }

    [Fact]
    public async Task A_JSON_batch_processes_every_request_by_default_and_sends_text_bodies_as_strings()
    {
        const string batch = """{"requests":[{"id":"1","method":"GET","url":"NoSuchSet"},{"id":"2","method":"GET","url":"Items/$count"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/odata/$batch") { Content = new StringContent(batch, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var parts = (await response.JsonAsync()).GetProperty("responses").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal(404, parts["1"].GetProperty("status").GetInt32());
        Assert.Equal("http.not_found", parts["1"].GetProperty("body").GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(200, parts["2"].GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.String, parts["2"].GetProperty("body").ValueKind);
        Assert.True(int.Parse(parts["2"].GetProperty("body").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Theory]
    [InlineData("/odata/Donors?$compute=length(email) as l&$select=l")]
    [InlineData("/odata/Items?$compute=length(productStandard) as l&$select=l,code")]
    [InlineData("/odata/StockBalances?$compute=year(expiresOn) as y&$select=y")]
    public async Task A_computed_value_of_a_null_column_is_null_not_a_500(string url)
    {
        var page = await _client.GetJsonAsync(url);
        Assert.NotEmpty(page.Values());
    }
}

/// <summary>An app that trusts one proxy address, with small pages so that links appear.</summary>
public sealed class ProxiedApiFactory() : ApiFactory(new TestAppOptions
{
    Settings = new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = ProxiedApiFactory.Proxy, ["Api:PageSize"] = "2" },
})
{
    // An address of the documentation range (RFC 5737): only ever a value in a header test, never a destination.
    public const string Proxy = "192.0.2.10";
}

[Trait("Database", "true")]
public sealed class ForwardedHeadersTests(ProxiedApiFactory factory) : IClassFixture<ProxiedApiFactory>
{
    private async Task<JsonElement> PageFrom(string remoteAddress)
    {
        var token = await factory.IssueTokenAsync((await factory.CreateUserAsync(SupplyTracker.Domain.Roles.Admin)).UserName);
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/odata/Items";
            c.Request.QueryString = new QueryString("?$select=id");
            c.Request.Headers.Authorization = "Bearer " + token;
            c.Request.Headers["X-Forwarded-Host"] = "example.org:8443";
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "198.51.100.7";
            c.Connection.RemoteIpAddress = IPAddress.Parse(remoteAddress);
        });
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        return (await JsonDocument.ParseAsync(context.Response.Body)).RootElement.Clone();
    }

    [Fact]
    public async Task From_a_configured_proxy_the_links_name_the_forwarded_host_and_scheme()
    {
        var page = await PageFrom(ProxiedApiFactory.Proxy);
        Assert.StartsWith("https://example.org:8443/odata/", page.GetProperty("@odata.nextLink").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("https://example.org:8443/odata/$metadata", page.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_an_unknown_address_the_forwarded_headers_are_ignored()
    {
        var page = await PageFrom("198.51.100.99");
        Assert.DoesNotContain("example.org", page.GetProperty("@odata.nextLink").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("example.org", page.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
    }
}

/// <summary>Excel and Power BI: a long-lived, revocable, read-only credential for HTTP Basic.</summary>
[Trait("Database", "true")]
public sealed class FeedCredentialTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private HttpClient Basic(string userName, string secret)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{secret}")));
        return client;
    }

    private async Task<(string UserName, string Secret)> IssueAsync()
    {
        var name = "feed-" + Guid.NewGuid().ToString("N")[..8];
        using var issued = await factory.AdminClient.PostAsJsonAsync("/auth/feeds", new { userName = name });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var body = await issued.JsonAsync();
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > factory.Clock.GetUtcNow().AddDays(300), "a feed outlives a day of refreshes");
        return (body.GetProperty("userName").GetString()!, body.GetProperty("secret").GetString()!);
    }

    [Fact]
    public async Task A_feed_credential_reads_with_Basic_cannot_write_and_stops_at_revocation()
    {
        var (name, secret) = await IssueAsync();
        using var feed = Basic(name, secret);

        var items = await feed.GetJsonAsync("/odata/Items?$top=3");
        Assert.NotEmpty(items.Values());

        using var write = await feed.PostAsJsonAsync("/odata/Items", new { code = "FEED-WRITE", nameZhHant = "x", nameZhHans = "x", nameEn = "x", category = "Other", baseUnit = "件", packSize = 1 });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("http.forbidden", (await write.ReadODataErrorAsync()).Code);

        using var revoked = await factory.AdminClient.DeleteAsync($"/auth/feeds/{name}");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        using var after = await feed.GetAsync("/odata/Items?$top=3");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains(after.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Fact]
    public async Task Basic_with_a_wrong_secret_or_another_account_s_name_is_refused()
    {
        var (name, secret) = await IssueAsync();
        using var wrongSecret = Basic(name, secret + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongSecret.GetAsync("/odata/Items")).StatusCode);
        using var wrongName = Basic("admin", secret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongName.GetAsync("/odata/Items")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_token_does_not_open_with_Basic()
    {
        var user = await factory.CreateUserAsync(SupplyTracker.Domain.Roles.Auditor);
        var token = await factory.IssueTokenAsync(user.UserName);
        using var client = Basic(user.UserName, token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/odata/Items")).StatusCode);
    }
}
