using System.Net;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Infrastructure;

/// <summary>
/// The access matrix through the other door: a Station user of the Heping checkpoint, signed in by cookie on the pages,
/// asks for the Dingyuan squad's ids and locations on the page URLs. It gets 403/404, or its own location's page, and
/// never a line of the other station's data.
/// </summary>
public sealed partial class PageAccessMatrixTests(AccessMatrixApp app) : IClassFixture<AccessMatrixApp>
{
    private const string OtherName = "交警中隊(定遠高速路口)";

    public static TheoryData<string> DetailPages => new()
    {
        "/Requests/Details/{AllocationRequests}",
        "/Donations/Details/{Donations}",
    };

    public static TheoryData<string> LocationPages => new()
    {
        "/Station?locationId={Other}",
        "/Station/Consumption?locationId={Other}",
        "/Stock?locationId={Other}",
        "/Stock/Movements?locationId={Other}",
    };

    [Theory]
    [MemberData(nameof(DetailPages))]
    public async Task A_station_signed_in_by_cookie_cannot_open_another_stations_record(string page)
    {
        var client = await SignedInStationAsync();
        using var response = await client.GetAsync(Url(page));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal) == true),
            $"{page}: {(int)response.StatusCode} {response.Headers.Location}");
        AssertNothingOfTheOtherStation(page, body);
    }

    [Theory]
    [MemberData(nameof(LocationPages))]
    public async Task A_station_signed_in_by_cookie_asking_for_another_location_sees_only_its_own(string page)
    {
        var client = await SignedInStationAsync();
        using var response = await client.GetAsync(Url(page));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{page}: {(int)response.StatusCode}");
        AssertNothingOfTheOtherStation(page, body);
    }

    private string Url(string page) => page
        .Replace("{Other}", app.Other.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{AllocationRequests}", app.OtherKey["AllocationRequests"], StringComparison.Ordinal)
        .Replace("{Donations}", app.OtherKey["Donations"], StringComparison.Ordinal);

    private static void AssertNothingOfTheOtherStation(string page, string body)
    {
        Assert.False(body.Contains(OtherName, StringComparison.Ordinal) || body.Contains(HtmlEncoder.Default.Encode(OtherName), StringComparison.Ordinal)
            || body.Contains("SQ-DINGYUAN", StringComparison.Ordinal), $"{page} shows the other station.");
    }

    private async Task<HttpClient> SignedInStationAsync()
    {
        var user = await app.CreateUserAsync(Roles.Station, "CP-HEPING");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryToken().Match(login).Groups[1].Value;
        using var signedIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = user.UserName, ["Input.Password"] = ApiClients.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain("/Account/Login", signedIn.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
