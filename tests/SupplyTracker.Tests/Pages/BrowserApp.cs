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
/// exist with password "demo"), per test class. The headless Debian chromium is one per test run, shared by every class
/// (launched by the first, closed when the test process ends); each test still gets a fresh browser context of its own, so
/// no cookie, storage or cache passes from one test to another. A user signs in through the login form once per class;
/// later pages of that user start from the cookies that sign-in gave (see <see cref="NewPageAsync"/>). Nothing is downloaded.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly SemaphoreSlim LaunchGate = new(1, 1);
    private static IPlaywright? _sharedPlaywright;
    private static IBrowser? _sharedBrowser;

    private readonly TestApp _factory = new(new TestAppOptions
    {
        Purpose = "browser",
        Seed = true,
        // Many sign-ins from one loopback address in one test run.
        Settings = new Dictionary<string, string?> { ["Auth:SignInRateLimit:PermitLimit"] = "1000" },
    });
    // The storage state (cookies) right after each user's first sign-in through the form, by user name.
    private readonly Dictionary<string, string> _signedIn = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signInGate = new(1, 1);
    private readonly List<IBrowserContext> _contexts = [];

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
        Browser = await SharedBrowserAsync();
    }

    /// <summary>The run's one chromium: launched on first use (again if it went away), closed when the test process exits.</summary>
    private static async Task<IBrowser> SharedBrowserAsync()
    {
        await LaunchGate.WaitAsync();
        try
        {
            if (_sharedBrowser is { IsConnected: true }) return _sharedBrowser;
            if (_sharedPlaywright is null)
            {
                _sharedPlaywright = await Playwright.CreateAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => CloseSharedBrowser();
            }
            _sharedBrowser = await _sharedPlaywright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run"],
            });
            return _sharedBrowser;
        }
        finally
        {
            LaunchGate.Release();
        }
    }

    private static void CloseSharedBrowser()
    {
        try
        {
            _sharedBrowser?.CloseAsync().Wait(TimeSpan.FromSeconds(10));
            _sharedPlaywright?.Dispose();
        }
        catch (AggregateException)
        {
            // The process is ending; the driver takes chromium down with it.
        }
        catch (PlaywrightException)
        {
            // The same.
        }
    }

    /// <summary>
    /// A fresh browser context (own cookies), signed in as <paramref name="userName"/> unless null. A user's first page in
    /// this class signs in through the login form; later ones start with the cookies that sign-in set (the app keeps no
    /// server-side session, so they are what a new sign-in would give) and open on a blank page, as every test navigates first.
    /// </summary>
    public async Task<IPage> NewPageAsync(string? userName, int width = 1366, int height = 768)
    {
        string? state = null;
        if (userName is not null)
        {
            await _signInGate.WaitAsync();
            try
            {
                _signedIn.TryGetValue(userName, out state);
            }
            finally
            {
                _signInGate.Release();
            }
        }
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            AcceptDownloads = true,
            StorageState = state,
        });
        lock (_contexts) _contexts.Add(context);
        // Generous: the browser tests share the machine with the rest of the suite running in parallel.
        // Generous: the suite runs test classes in parallel on two cores, and a page may wait its turn for the CPU.
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        var page = await context.NewPageAsync();
        if (userName is not null && state is null)
        {
            try
            {
                await SignInAsync(page, userName);
                var signedIn = await context.StorageStateAsync();
                await _signInGate.WaitAsync();
                try
                {
                    _signedIn.TryAdd(userName, signedIn);
                }
                finally
                {
                    _signInGate.Release();
                }
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

    /// <summary>Closes this class's contexts that are still open (the shared chromium stays for the next class), then the app.</summary>
    public async Task DisposeAsync()
    {
        IBrowserContext[] contexts;
        lock (_contexts) contexts = [.. _contexts];
        foreach (var context in contexts)
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // Already closed with its browser.
            }
        }
        _signInGate.Dispose();
        await _factory.DisposeAsync();
    }
}
