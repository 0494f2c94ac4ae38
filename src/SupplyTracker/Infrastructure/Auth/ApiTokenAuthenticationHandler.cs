using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SupplyTracker.Domain;

namespace SupplyTracker.Infrastructure.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> for the API. Expired, revoked or unknown tokens fail; a missing header is
/// no result. Challenges and forbids answer ProblemDetails, never a redirect.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokens tokens, ApiTokenPrincipalCache cache, TimeProvider clock, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is not null && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return await AuthenticateFeedAsync(header["Basic ".Length..].Trim());
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var presented = header["Bearer ".Length..].Trim();
        if (presented.Length == 0)
            return AuthenticateResult.Fail("Empty bearer token.");

        // One query per request: the token row (so a revocation anywhere is seen at once) and the user's lockout and stamps.
        var now = clock.GetUtcNow();
        var active = await tokens.FindAsync(presented, Context.RequestAborted);
        if (active is null || !active.IsActiveAt(now.UtcDateTime))
            return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
        if (active.IsLockedOutAt(now))
            return AuthenticateResult.Fail("The account is locked out.");
        return await TicketAsync(active);
    }

    /// <summary>HTTP Basic for feeds (Excel, Power BI): the feed account's name and the secret an admin issued for it.</summary>
    private async Task<AuthenticateResult> AuthenticateFeedAsync(string encoded)
    {
        string text;
        try
        {
            text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return AuthenticateResult.Fail("Malformed Basic credentials.");
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return AuthenticateResult.Fail("Malformed Basic credentials.");
        var now = clock.GetUtcNow();
        var active = await tokens.FindAsync(text[(colon + 1)..], Context.RequestAborted);
        // Only feed credentials open with Basic, and only for the account they were issued to.
        if (active is null || !active.IsActiveAt(now.UtcDateTime) || !tokens.IsFeed(active)
            || !string.Equals(active.UserName, text[..colon], StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The feed credential is unknown, expired or revoked.");
        if (active.IsLockedOutAt(now))
            return AuthenticateResult.Fail("The account is locked out.");
        return await TicketAsync(active);
    }

    private async Task<AuthenticateResult> TicketAsync(ActiveToken active)
    {

        var claims = cache.Find(active.UserId, active.ConcurrencyStamp, active.SecurityStamp);
        if (claims is null)
        {
            if (await users.FindByIdAsync(active.UserId) is not { } user)
                return AuthenticateResult.Fail("The token's user no longer exists.");
            var built = await principals.CreateAsync(user);
            // Stored under the stamps of the row just read, so a change between the two reads is caught next time.
            cache.Store(user.Id, user.ConcurrencyStamp, user.SecurityStamp, built.Claims);
            claims = cache.Find(user.Id, user.ConcurrencyStamp, user.SecurityStamp) ?? [.. built.Claims];
        }
        // A feed credential reads: on anything but GET/HEAD it keeps its name and loses its roles, so every policy refuses (403).
        if (tokens.IsFeed(active) && !HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method))
            claims = [.. claims.Where(c => c.Type != ClaimTypes.Role)];
        var identity = new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(SupplyTrackerClaims.TokenId, active.TokenId.ToString(CultureInfo.InvariantCulture)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = new Microsoft.Extensions.Primitives.StringValues(["Bearer", "Basic realm=\"SupplyTracker feeds\", charset=\"UTF-8\""]);
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required.",
            "Send 'Authorization: Bearer <token>' with a token from POST /auth/token.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden.", "Your role does not allow this request.");

    private Task WriteProblemAsync(int status, string title, string detail) => Context.WriteProblemAsync(new ProblemDetails
    {
        Type = $"https://tools.ietf.org/html/rfc9110#section-{(status == StatusCodes.Status401Unauthorized ? "15.5.2" : "15.5.4")}",
        Status = status,
        Title = title,
        Detail = detail,
    });
}
