using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Pages;

/// <summary>
/// The real app served by Kestrel on a loopback port, over its own seeded SQLite file in Development (so the demo users
/// exist with password "demo"), and one headless Debian chromium for the whole test class. Nothing is downloaded.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly TestApp _factory = new(new TestAppOptions
    {
        Purpose = "browser",
        Seed = true,
        // Many sign-ins from one loopback address in one test run.
        Settings = new Dictionary<string, string?> { ["Auth:SignInRateLimit:PermitLimit"] = "1000" },
    });
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => _factory.Services;

    public static string ScreenshotDirectory { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots"));

    public async Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (own cookies), signed in as <paramref name="userName"/> unless null.</summary>
    public async Task<IPage> NewPageAsync(string? userName, int width = 1366, int height = 768)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            AcceptDownloads = true,
        });
        // Generous: the browser tests share the machine with the rest of the suite running in parallel.
        // Generous: the suite runs test classes in parallel on two cores, and a page may wait its turn for the CPU.
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        var page = await context.NewPageAsync();
        if (userName is not null)
        {
            try
            {
                await SignInAsync(page, userName);
            }
            catch
            {
                await SaveScreenshotAsync(page, $"FAILED-sign-in-{userName}");
                throw;
            }
        }
        return page;
    }

    public static async Task SignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input_UserName", userName);
        await page.FillAsync("#Input_Password", "demo");
        await page.ClickAsync("form.narrow button[type=submit]");
        // The header's sign-out form is there only once signed in (waiting on the URL raced with the redirect chain).
        await page.Locator("form.signout").WaitForAsync();
    }

    /// <summary>Runs a browser flow; on failure the page is saved to TestResults/screenshots/{name}.png before the failure is rethrown.</summary>
    public static async Task RunAsync(IPage page, string name, Func<Task> flow)
    {
        try
        {
            await flow();
        }
        catch
        {
            await SaveScreenshotAsync(page, $"FAILED-{name}");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    public static async Task SaveScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }
}
