using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Infrastructure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Api;

/// <summary>The real app over its own database (see <see cref="TestDatabase"/>) with the seed data, for HTTP-level API tests.</summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly bool _ownsDatabase;

    private HttpClient? _admin;

    public ApiFactory() : this(NewDatabase(), ownsDatabase: true) { }

    /// <summary>An app over a given database; a second app over the same one (after disposing the first) is a restart.</summary>
    protected ApiFactory(TestDatabase database, bool ownsDatabase)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }

    public static TestDatabase NewDatabase() => TestDatabase.Create("api");

    protected virtual string EnvironmentName => "Development";

    /// <summary>A client signed in as an Admin, who may read and change everything.</summary>
    public HttpClient AdminClient => _admin ??= this.CreateClientAsAsync(Roles.Admin).GetAwaiter().GetResult();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        Database.Configure(builder);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_ownsDatabase) Database.Dispose();
        else SqliteConnection.ClearAllPools();
    }
}

public sealed class ProductionApiFactory : ApiFactory
{
    protected override string EnvironmentName => "Production";
}

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
