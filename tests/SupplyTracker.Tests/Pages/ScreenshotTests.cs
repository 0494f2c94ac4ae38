using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SupplyTracker.Tests.Pages;

/// <summary>Saves the main pages as a user sees them (zh-Hant, 1366×768 and a phone) to TestResults/screenshots for a look.</summary>
[Trait("Database", "true")]
public sealed partial class ScreenshotTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData("logistics", "/Dashboard", "dashboard")]
    [InlineData("logistics", "/Donations/New", "donation-form")]
    [InlineData("station-heping", "/Station", "station")]
    public async Task Page_renders_in_traditional_chinese_without_entities(string user, string path, string name)
    {
        foreach (var (width, height, suffix) in new[] { (1366, 768, "desktop"), (390, 844, "phone") })
        {
            var page = await app.NewPageAsync(user, width, height);
            await BrowserApp.RunAsync(page, $"{name}-{suffix}", async () =>
            {
                var response = await page.GotoAsync(path);
                Assert.Equal(200, response!.Status);
                Assert.Equal("zh-Hant", await page.GetAttributeAsync("html", "lang"));
                Assert.DoesNotMatch(NonAsciiEntity(), await response.TextAsync());
                Directory.CreateDirectory(BrowserApp.ScreenshotDirectory);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotDirectory, $"{name}-{suffix}.png"), FullPage = true });
            });
        }
    }

    [Theory]
    [InlineData("admin", "/Dashboard /Donations /Donations/New /Stock /Stock/Movements /Stock/Adjust /Stock/Transfer /Requests /Requests/New /Station /Station/Consumption /Admin/Users /Admin/Items /Admin/Items/Edit?id=1 /Admin/Locations /Admin/Locations/Edit /Admin/Donors /Admin/Donors/Edit?id=1 /Donations/Import /Receipts/Batch /Transparency /Account")]
    [InlineData("station-heping", "/Station /Station/Consumption /Stock /Stock/Movements /Stock/Adjust /Requests /Requests/New /Transparency")]
    [InlineData("auditor", "/Dashboard /Donations /Stock /Stock/Movements /Requests /Station /Transparency")]
    [InlineData(null, "/Transparency /Account/Login")]
    public async Task Every_page_of_a_role_answers(string? user, string paths)
    {
        var page = await app.NewPageAsync(user);
        await BrowserApp.RunAsync(page, $"pages-{user ?? "anonymous"}", async () =>
        {
            foreach (var path in paths.Split(' '))
            {
                var response = await page.GotoAsync(path);
                Assert.True(response!.Status == 200, $"{path}: {response.Status}");
                Assert.True(await page.Locator("h1").CountAsync() > 0, path);
            }
        });
    }

    [Theory]
    [InlineData("station-heping", "/Stock/Transfer")]
    [InlineData("station-heping", "/Admin/Users")]
    [InlineData("logistics", "/Admin/Items")]
    [InlineData("auditor", "/Donations/New")]
    public async Task Pages_of_another_role_are_refused(string user, string path)
    {
        var page = await app.NewPageAsync(user);
        await BrowserApp.RunAsync(page, $"refused-{user}", async () =>
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
        });
    }

    /// <summary>Chinese written as &amp;#x...; entities (an apostrophe as &amp;#x27; is fine).</summary>
    [GeneratedRegex("&#x[0-9A-Fa-f]{3,};")]
    private static partial Regex NonAsciiEntity();
}
