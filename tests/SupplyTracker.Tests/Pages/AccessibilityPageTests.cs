using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace SupplyTracker.Tests.Pages;

/// <summary>
/// Every page of every role at a desktop (1366×768) and a phone (390×844): axe finds no serious or critical violation,
/// and no page is wider than the phone.
/// </summary>
[Trait("Database", "true")]
public sealed class AccessibilityPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    public const string AdminPages = "/Dashboard /Donations /Donations/New /Donations/Details/1 /Donations/Import /Stock /Stock/Movements /Stock/Adjust /Stock/Transfer /Stock/Counts /Stock/PendingAdjustments /Requests /Requests/New /Station /Admin/Users /Admin/Items /Admin/Locations /Admin/Donors /Receipts/Batch /Recalls /Alerts /Transparency /Account";
    public const string StationPages = "/Station /Station/Consumption /Stock /Stock/Movements /Stock/Adjust /Requests /Requests/New /Recalls /Transparency";
    public const string AuditorPages = "/Dashboard /Donations /Stock /Stock/Movements /Requests /Station /Transparency";

    [Theory]
    [InlineData("admin", AdminPages, 1366, 768)]
    [InlineData("admin", AdminPages, 390, 844)]
    [InlineData("logistics", "/Dashboard /Donations /Stock /Stock/Movements /Requests /Admin/Donors", 1366, 768)]
    [InlineData("logistics", "/Dashboard /Donations /Stock /Stock/Movements /Requests /Admin/Donors", 390, 844)]
    [InlineData("station-heping", StationPages, 1366, 768)]
    [InlineData("station-heping", StationPages, 390, 844)]
    [InlineData("auditor", AuditorPages, 1366, 768)]
    [InlineData("auditor", AuditorPages, 390, 844)]
    [InlineData(null, "/Transparency /Account/Login", 1366, 768)]
    [InlineData(null, "/Transparency /Account/Login", 390, 844)]
    public async Task Pages_have_no_serious_accessibility_violation_and_fit_the_screen(string? user, string paths, int width, int height)
    {
        var page = await app.NewPageAsync(user, width, height);
        var problems = new List<string>();
        await BrowserApp.RunAsync(page, $"a11y-{user ?? "anonymous"}-{width}", async () =>
        {
            foreach (var path in paths.Split(' '))
            {
                var response = await page.GotoAsync(path);
                Assert.True(response!.Status == 200, $"{path}: {response.Status}");
                var result = await page.RunAxe();
                problems.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
                    .Select(v => $"{path}: {v.Impact} {v.Id} ({string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))})"));
                var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
                if (scrollWidth > width) problems.Add($"{path}: {scrollWidth} px wide in a {width} px window");
            }
        });
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
