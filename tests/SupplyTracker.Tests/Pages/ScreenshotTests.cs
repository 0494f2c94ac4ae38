using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SupplyTracker.Tests.Pages;

/// <summary>Saves the main pages as a user sees them (zh-Hant, 1366×768 and a phone) to TestResults/screenshots for a look.</summary>
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

    /// <summary>Chinese written as &amp;#x...; entities (an apostrophe as &amp;#x27; is fine).</summary>
    [GeneratedRegex("&#x[0-9A-Fa-f]{3,};")]
    private static partial Regex NonAsciiEntity();
}
