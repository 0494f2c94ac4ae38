using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Pages;

/// <summary>
/// Its own app (a sign-in window of three attempts, ten minutes long) so that the limiter's count stays out of every other
/// browser test; the same Debian chromium as <see cref="BrowserApp"/>.
/// </summary>
public sealed class SignInLimitedBrowserApp : IAsyncLifetime
{
    public const int PermitLimit = 3;

    private readonly TestApp _factory = new(new TestAppOptions
    {
        Purpose = "browser-sign-in-limit",
        Seed = true,
        Settings = new Dictionary<string, string?>
        {
            ["Auth:SignInRateLimit:PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Auth:SignInRateLimit:Window"] = "00:10:00",
        },
    });
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserApp.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }
}

[Trait("Database", "true")]
public sealed partial class SignInLimitPageTests(SignInLimitedBrowserApp app) : IClassFixture<SignInLimitedBrowserApp>
{
    [GeneratedRegex("^登入嘗試次數過多，請 (10|[1-9]) 分鐘後再試。$")]
    private static partial Regex BlockedZhHant();

    [GeneratedRegex("^Too many sign-in attempts; try again in (10|[2-9]) minutes\\.$|^Too many sign-in attempts; try again in a minute\\.$")]
    private static partial Regex BlockedEnglish();

    [Fact]
    public async Task A_blocked_sign_in_shows_the_page_again_with_a_message_in_the_users_language_the_typed_name_a_429_and_Retry_After()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        var page = await context.NewPageAsync();
        await BrowserApp.RunAsync(page, "sign-in-limit", async () =>
        {
            await page.GotoAsync("/Account/Login");
            IResponse? last = null;
            for (var attempt = 0; attempt <= SignInLimitedBrowserApp.PermitLimit; attempt++)
            {
                await page.FillAsync("#Input_UserName", "station-heping");
                await page.FillAsync("#Input_Password", "wrong " + attempt);
                last = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("form.narrow button[type=submit]"),
                    r => r.Request.Method == "POST" && r.Url.Contains("/Account/Login", StringComparison.Ordinal));
                await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
                if (attempt < SignInLimitedBrowserApp.PermitLimit)
                    Assert.Equal(200, last.Status);
            }

            Assert.Equal(429, last!.Status);
            Assert.True(int.Parse(await last.HeaderValueAsync("retry-after") ?? "0", System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 600);
            Assert.Matches(BlockedZhHant(), (await page.Locator(".errors li").InnerTextAsync()).Trim());
            Assert.Equal("station-heping", await page.InputValueAsync("#Input_UserName"));
            Assert.Equal("", await page.InputValueAsync("#Input_Password"));
            await BrowserApp.SaveScreenshotAsync(page, "sign-in-limit-zh-Hant-390");

            // In English the same words in English: the form posts back to the address it was opened at.
            await page.GotoAsync("/Account/Login?culture=en&ui-culture=en");
            await page.FillAsync("#Input_UserName", "station-heping");
            await page.FillAsync("#Input_Password", "demo");
            var english = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("form.narrow button[type=submit]"),
                r => r.Request.Method == "POST" && r.Url.Contains("/Account/Login", StringComparison.Ordinal));
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);

            Assert.Equal(429, english.Status);
            Assert.Matches(BlockedEnglish(), (await page.Locator(".errors li").InnerTextAsync()).Trim());
            Assert.Equal("station-heping", await page.InputValueAsync("#Input_UserName"));
            Assert.Equal(0, await page.Locator("form.signout").CountAsync());
        });
    }
}
