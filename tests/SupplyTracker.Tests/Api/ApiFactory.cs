using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Infrastructure;

namespace SupplyTracker.Tests.Api;

/// <summary>The real app over its own SQLite file with the seed data, for HTTP-level API tests.</summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string _databasePath;
    private readonly bool _ownsDatabase;

    private HttpClient? _admin;

    public ApiFactory() : this(NewDatabasePath(), ownsDatabase: true) { }

    /// <summary>An app over a given file; a second app over the same file (after disposing the first) is a restart.</summary>
    protected ApiFactory(string databasePath, bool ownsDatabase)
    {
        _databasePath = databasePath;
        _ownsDatabase = ownsDatabase;
    }

    public string DatabasePath => _databasePath;

    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), $"supplytracker-api-{Guid.NewGuid():N}.db");

    protected virtual string EnvironmentName => "Development";

    /// <summary>A client signed in as an Admin, who may read and change everything.</summary>
    public HttpClient AdminClient => _admin ??= this.CreateClientAsAsync(Roles.Admin).GetAwaiter().GetResult();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("ConnectionStrings:SupplyTracker", $"Data Source={_databasePath}");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (!_ownsDatabase) return;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_databasePath + suffix);
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
