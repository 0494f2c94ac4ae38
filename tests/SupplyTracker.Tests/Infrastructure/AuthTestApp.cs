using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace SupplyTracker.Tests.Infrastructure;

/// <summary>
/// The real app over its own SQLite temp file, with a fake clock the test moves. The sign-in rate limit is lifted
/// unless a subclass sets it, so tests that sign in often do not trip it.
/// </summary>
public class AuthTestApp : WebApplicationFactory<Program>
{
    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"supplytracker-auth-{Guid.NewGuid():N}.db");
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected virtual string Environment => "Development";

    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("ConnectionStrings:SupplyTracker", $"Data Source={DatabasePath}");
        builder.UseSetting("Auth:SignInRateLimit:PermitLimit", "100000");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
            File.Delete(file);
    }
}

public sealed class ProductionAuthTestApp : AuthTestApp
{
    protected override string Environment => "Production";
}

public sealed class RateLimitedAuthTestApp : AuthTestApp
{
    public const int PermitLimit = 3;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:SignInRateLimit:PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Auth:SignInRateLimit:Window"] = "00:10:00",
    };
}
