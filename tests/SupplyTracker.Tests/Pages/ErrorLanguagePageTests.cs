using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Tests.Infrastructure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Pages;

/// <summary>Errors users meet on pages are in their language: next to the line after a refused inspection, and as the error page.</summary>
public sealed partial class ErrorLanguagePageTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    // Three Latin words in a row make an English sentence (a lot number or an item code is one word).
    [GeneratedRegex(@"[A-Za-z]{2,}[,;:]?\s+[A-Za-z]{2,}[,;:]?\s+[A-Za-z]{2,}")]
    private static partial Regex LatinSentence();

    [GeneratedRegex("<div[^>]*class=\"errors[^\"]*\"[^>]*>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorSummary();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    private async Task<HttpClient> SignedInAsync(string language)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add("Cookie", $".AspNetCore.Culture=c%3D{language}%7Cuic%3D{language}");
        var user = await app.CreateUserAsync(Roles.Logistics);
        var login = await AuthTests.PostLoginAsync(client, user.UserName, ApiClients.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    [Fact]
    public async Task Accepting_an_expired_line_on_a_zh_Hant_page_says_why_in_Chinese_and_in_no_English_sentence()
    {
        var warehouse = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync(tracksExpiry: true);
        var donation = await app.RecordAsync(warehouse, new RecordDonation.Line(item.Id, 10, "L-OLD-1", new DateOnly(2022, 1, 28), null));
        var client = await SignedInAsync("zh-Hant");

        var page = await client.GetStringAsync($"/Donations/Details/{donation.DonationId}");
        var response = await client.PostAsync($"/Donations/Details/{donation.DonationId}?handler=Inspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Decisions[0].LineId"] = donation.LineIds[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Decisions[0].Outcome"] = "Accept",
            ["Confirmed"] = "true",
            ["__RequestVerificationToken"] = Antiforgery().Match(page).Groups[1].Value,
        }));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = WebUtility.HtmlDecode(Tags().Replace(ErrorSummary().Match(html).Groups[1].Value, " ")).Trim();
        Assert.Contains("第 1 項已於 2022-01-28 過期", errors, StringComparison.Ordinal);
        Assert.DoesNotMatch(LatinSentence(), errors);
        Assert.DoesNotContain("expired goods cannot be accepted", html, StringComparison.Ordinal);
        Assert.Equal(LineDisposition.Pending, await app.QueryAsync(db => Task.FromResult(db.DonationLines.Single(l => l.Id == donation.LineIds[0]).Disposition)));
    }

    [Fact]
    public async Task A_missing_donation_is_a_page_in_the_users_language_with_the_navigation_not_json()
    {
        var client = await SignedInAsync("zh-Hans");

        var response = await client.GetAsync("/Donations/Details/987654");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "text/html", html);
        Assert.Contains("找不到此页面或记录。", html, StringComparison.Ordinal);
        Assert.Contains("<nav", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_address_is_the_error_page_in_the_users_language()
    {
        var client = await SignedInAsync("zh-Hant");

        var response = await client.GetAsync("/No/Such/Page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("找不到此頁面或記錄。", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
