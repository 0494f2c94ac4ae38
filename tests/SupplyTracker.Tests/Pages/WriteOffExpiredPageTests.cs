using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Infrastructure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Pages;

/// <summary>Clearing a post of expired stock from the page: listed first, written off on confirmation, listed back. Own app: the test moves its clock.</summary>
[Trait("Database", "true")]
public sealed partial class WriteOffExpiredPageTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [Fact]
    public async Task Logistics_lists_the_expired_lots_of_a_location_writes_them_off_and_sees_what_was_written_off()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync(tracksExpiry: true);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        await app.FoundAsync(location, item, 12, "EXP-PAGE-OLD", today.AddDays(3));
        await app.FoundAsync(location, item, 5, "EXP-PAGE-GOOD", today.AddDays(400));
        app.Clock.Advance(TimeSpan.FromDays(5));
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var user = await app.CreateUserAsync(Roles.Logistics);
        Assert.Equal(HttpStatusCode.Redirect, (await AuthTests.PostLoginAsync(client, user.UserName, ApiClients.Password)).StatusCode);

        var page = await client.GetStringAsync($"/Stock/WriteOffExpired?LocationId={location.Id}");
        Assert.Contains("EXP-PAGE-OLD", page, StringComparison.Ordinal);
        Assert.DoesNotContain("EXP-PAGE-GOOD", page, StringComparison.Ordinal);
        Assert.Contains("核銷全部 1 個過期批次", page, StringComparison.Ordinal);

        using var response = await client.PostAsync("/Stock/WriteOffExpired", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["LocationId"] = location.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Note"] = "月底清點",
            ["__RequestVerificationToken"] = Antiforgery().Match(page).Groups[1].Value,
        }));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"written-off\"", html, StringComparison.Ordinal);
        Assert.Contains("已核銷 1 個過期批次", html, StringComparison.Ordinal);
        Assert.Contains("id=\"no-expired\"", html, StringComparison.Ordinal);
        Assert.Equal(0, (await app.BalanceAsync(location, item, "EXP-PAGE-OLD")).QuantityOnHand);
        Assert.Equal(5, (await app.BalanceAsync(location, item, "EXP-PAGE-GOOD")).QuantityOnHand);
        await app.AssertLedgerConsistentAsync();
    }
}
