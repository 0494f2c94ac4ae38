using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Tests.Api;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Tests.Infrastructure;

[Trait("Database", "true")]
public sealed class AuthTests(AuthTestApp app) : IClassFixture<AuthTestApp>
{
    [Fact]
    public async Task Anonymous_request_to_odata_gets_401_in_the_OData_error_format()
    {
        var response = await app.CreateClient().GetAsync("/odata/Items");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("http.unauthorized", (await response.ReadODataErrorAsync()).Code);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_answers_without_a_token()
    {
        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_from_the_endpoint_opens_the_api()
    {
        var user = await app.CreateUserAsync(Roles.Logistics);

        var issued = await RequestTokenAsync(app.CreateClient(), user.UserName, ApiClients.Password);
        var response = await app.CreateClientWithToken(issued.Token).GetAsync("/odata/Items");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromHours(8), issued.ExpiresAt);
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_their_sha256()
    {
        var user = await app.CreateUserAsync(Roles.Auditor);
        var issued = await RequestTokenAsync(app.CreateClient(), user.UserName, ApiClients.Password);

        await using var scope = app.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>().ApiTokens
            .Where(t => t.UserId == user.UserId).ToListAsync();

        var row = Assert.Single(rows);
        Assert.Equal(ApiTokens.HashOf(issued.Token), row.TokenHash);
        Assert.NotEqual(issued.Token, row.TokenHash);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_401()
    {
        var user = await app.CreateUserAsync(Roles.Logistics);
        var client = app.CreateClient();

        var wrongPassword = await client.PostAsJsonAsync("/auth/token", new { userName = user.UserName, password = "not the password" });
        var unknownUser = await client.PostAsJsonAsync("/auth/token", new { userName = "nobody-" + Guid.NewGuid().ToString("N"), password = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownUser.StatusCode);
        Assert.Equal("application/problem+json", wrongPassword.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await TitleAndDetailAsync(wrongPassword), await TitleAndDetailAsync(unknownUser));
    }

    [Fact]
    public async Task Revoked_token_is_rejected()
    {
        var user = await app.CreateUserAsync(Roles.Logistics);
        var client = app.CreateClientWithToken(await app.IssueTokenAsync(user.UserName));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/odata/Items")).StatusCode);

        var revoked = await client.DeleteAsync("/auth/token");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/odata/Items")).StatusCode);
    }

    [Fact]
    public async Task Admin_revokes_every_token_of_a_user()
    {
        var user = await app.CreateUserAsync(Roles.Station, "CP-HEPING");
        var first = app.CreateClientWithToken(await app.IssueTokenAsync(user.UserName));
        var second = app.CreateClientWithToken(await app.IssueTokenAsync(user.UserName));
        var admin = await app.CreateClientAsAsync(Roles.Admin);

        var response = await admin.DeleteAsync($"/auth/users/{user.UserName}/tokens");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<TokensRevoked>())!.Revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/odata/Items")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/odata/Items")).StatusCode);
    }

    [Fact]
    public async Task Only_admin_may_revoke_another_users_tokens()
    {
        var user = await app.CreateUserAsync(Roles.Logistics);
        var logistics = await app.CreateClientAsAsync(Roles.Logistics);

        var response = await logistics.DeleteAsync($"/auth/users/{user.UserName}/tokens");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_tokens_and_the_login_page()
    {
        var user = await app.CreateUserAsync(Roles.Logistics);
        var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
            await client.PostAsJsonAsync("/auth/token", new { userName = user.UserName, password = "wrong password " + i });

        var withRightPassword = await client.PostAsJsonAsync("/auth/token", new { userName = user.UserName, password = ApiClients.Password });
        var login = await PostLoginAsync(CookieClient(), user.UserName, ApiClients.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, withRightPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("帳號暫時鎖定", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByNameAsync(user.UserName))!));
    }

    [Fact]
    public async Task Login_page_signs_in_with_a_cookie_that_the_api_does_not_accept()
    {
        var user = await app.CreateUserAsync(Roles.Admin);
        var client = CookieClient();

        var login = await PostLoginAsync(client, user.UserName, ApiClients.Password);
        var account = await client.GetAsync("/Account");
        var api = await client.GetAsync("/odata/Items");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Contains(user.UserName, await account.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Pages_send_anonymous_users_to_the_login_page()
    {
        var response = await CookieClient().GetAsync("/Account");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_page_writes_chinese_as_characters()
    {
        var failed = await PostLoginAsync(CookieClient(), "nobody", "wrong");
        var html = await failed.Content.ReadAsStringAsync();

        Assert.Contains("使用者名稱或密碼錯誤", html, StringComparison.Ordinal);
        Assert.DoesNotContain("&#x", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_post_without_antiforgery_token_is_refused()
    {
        var response = await CookieClient().PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = "admin",
            ["Input.Password"] = "demo",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private HttpClient CookieClient() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    internal static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password)
    {
        var page = await client.GetStringAsync("/Account/Login");
        var antiforgery = Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = antiforgery,
        }));
    }

    internal static async Task<IssuedToken> RequestTokenAsync(HttpClient client, string userName, string password)
    {
        var response = await client.PostAsJsonAsync("/auth/token", new { userName, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<IssuedToken>())!;
    }

    private static async Task<string> TitleAndDetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("title").GetString() + " / " + problem.RootElement.GetProperty("detail").GetString();
    }
}

/// <summary>Its own app, because moving the clock would expire other tests' tokens.</summary>
[Trait("Database", "true")]
public sealed class TokenExpiryTests(AuthTestApp app) : IClassFixture<AuthTestApp>
{
    [Fact]
    public async Task Token_stops_working_when_its_lifetime_has_passed()
    {
        var user = await app.CreateUserAsync(Roles.Auditor);
        var client = app.CreateClientWithToken(await app.IssueTokenAsync(user.UserName));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/odata/Items")).StatusCode);

        app.Clock.Advance(TimeSpan.FromHours(8) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/odata/Items")).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/odata/Items")).StatusCode);
    }
}

[Trait("Database", "true")]
public sealed partial class SignInRateLimitTests(RateLimitedAuthTestApp app) : IClassFixture<RateLimitedAuthTestApp>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [Fact]
    public async Task Brute_force_on_the_token_endpoint_gets_429_and_so_does_the_login_form()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < RateLimitedAuthTestApp.PermitLimit; i++)
        {
            var attempt = await client.PostAsJsonAsync("/auth/token", new { userName = "admin", password = "guess " + i });
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }

        var token = await client.PostAsJsonAsync("/auth/token", new { userName = "admin", password = "demo" });
        var loginPage = await client.GetAsync("/Account/Login");
        var login = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Antiforgery().Match(await loginPage.Content.ReadAsStringAsync()).Groups[1].Value,
            ["Input.UserName"] = "admin", ["Input.Password"] = "demo",
        }));
        var blocked = await login.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, token.StatusCode);
        Assert.Equal("application/problem+json", token.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(token.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, loginPage.StatusCode);
        // The same window covers the login form: its page comes back with the reason, the typed name and when to retry.
        Assert.Equal(HttpStatusCode.TooManyRequests, login.StatusCode);
        Assert.True(login.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Matches("登入嘗試次數過多，請 (10|[1-9]) 分鐘後再試。", blocked);
        Assert.Contains("value=\"admin\"", blocked, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"demo\"", blocked, StringComparison.Ordinal);
        Assert.False(login.Headers.Contains("Set-Cookie") && login.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("SupplyTracker.Auth=", StringComparison.Ordinal)));
    }
}
