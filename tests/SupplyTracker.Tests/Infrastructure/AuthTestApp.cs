using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Infrastructure;

/// <summary>
/// The real app over its own database (a SQLite temp file or a PostgreSQL database), with a fake clock the test moves. The sign-in rate limit is lifted
/// unless a subclass sets it, so tests that sign in often do not trip it.
/// </summary>
public class AuthTestApp : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = TestDatabase.Create("auth");
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected virtual string Environment => "Development";

    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        Database.Configure(builder);
        builder.UseSetting("Auth:SignInRateLimit:PermitLimit", "100000");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Database.Dispose();
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
