using System.Net.Http.Json;
using System.Text.Json;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Infrastructure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Api;

/// <summary><see cref="TestApp"/> with the seed data (Development's default), for HTTP-level API tests.</summary>
public class ApiFactory : TestApp
{
    private HttpClient? _admin;

    public ApiFactory() : this(new TestAppOptions()) { }

    protected ApiFactory(TestAppOptions options) : base(options with { Purpose = "api" }) { }

    /// <summary>An app over a given database; a second app over the same one (after disposing the first) is a restart.</summary>
    protected ApiFactory(TestDatabase database, bool ownsDatabase) : this(new TestAppOptions { Database = database, OwnsDatabase = ownsDatabase }) { }

    public static TestDatabase NewDatabase() => TestDatabase.Create("api");

    /// <summary>A client signed in as an Admin, who may read and change everything.</summary>
    public HttpClient AdminClient => _admin ??= this.CreateClientAsAsync(Roles.Admin).GetAwaiter().GetResult();
}

public sealed class ProductionApiFactory() : ApiFactory(new TestAppOptions { Environment = "Production" });

public static class ODataJson
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static JsonElement[] Values(this JsonElement page) => [.. page.GetProperty("value").EnumerateArray()];

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);
}
