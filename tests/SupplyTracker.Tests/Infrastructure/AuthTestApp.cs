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
public class AuthTestApp : TestApp
{
    public AuthTestApp() : this(new TestAppOptions()) { }

    protected AuthTestApp(TestAppOptions options) : base(options with
    {
        Purpose = "auth",
        Settings = new Dictionary<string, string?> { ["Auth:SignInRateLimit:PermitLimit"] = "100000" }.Concat(options.Settings)
            .GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        QuietLogs = false,
    })
    {
    }
}

public sealed class ProductionAuthTestApp() : AuthTestApp(new TestAppOptions { Environment = "Production" });

public sealed class RateLimitedAuthTestApp() : AuthTestApp(new TestAppOptions
{
    Settings = new Dictionary<string, string?>
    {
        ["Auth:SignInRateLimit:PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Auth:SignInRateLimit:Window"] = "00:10:00",
    },
})
{
    public const int PermitLimit = 3;
}
