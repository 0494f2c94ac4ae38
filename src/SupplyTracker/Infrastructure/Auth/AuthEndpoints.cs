using System.Globalization;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Audit;

namespace SupplyTracker.Infrastructure.Auth;

public sealed record TokenRequest(string? UserName, string? Password);

public sealed record TokensRevoked(string UserName, int Revoked);

public sealed record FeedRequest(string? UserName);

public static class AuthEndpoints
{
    private static readonly Lazy<string> UnknownUserHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString()));

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth");
        auth.MapPost("/token", IssueTokenAsync).AllowAnonymous();
        auth.MapDelete("/token", RevokePresentedTokenAsync);
        auth.MapDelete("/users/{userName}/tokens", RevokeUserTokensAsync).RequireAuthorization(Policies.Admin);
        auth.MapPost("/feeds", IssueFeedCredentialAsync).RequireAuthorization(Policies.Admin);
        auth.MapDelete("/feeds/{userName}", RevokeUserTokensAsync).RequireAuthorization(Policies.Admin);

        app.MapGet("/audit/verify-ledger", (IMediator mediator, CancellationToken ct) => mediator.Send(new VerifyLedger(), ct))
            .RequireAuthorization(Policies.Audit);
        app.MapGet("/audit/log", async (SupplyTrackerDbContext db, int? take, CancellationToken ct) =>
                await db.AuditEntries.OrderByDescending(a => a.Id).Take(Math.Clamp(take ?? 100, 1, 1000)).ToListAsync(ct))
            .RequireAuthorization(Policies.Audit);
        return app;
    }

    private static async Task<IResult> IssueTokenAsync(TokenRequest request, UserManager<AppUser> users, SignInManager<AppUser> signIn,
        ApiTokens tokens, CancellationToken cancellationToken)
    {
        var user = string.IsNullOrEmpty(request.UserName) ? null : await users.FindByNameAsync(request.UserName);
        if (user is null || string.IsNullOrEmpty(request.Password))
        {
            // Spend the time of a real check, so response time does not tell which user names exist.
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), UnknownUserHash.Value, request.Password ?? "");
            return InvalidCredentials();
        }
        // Counts failures and honours lockout exactly like the login page.
        var result = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (!result.Succeeded)
            return InvalidCredentials();
        return Results.Ok(await tokens.IssueAsync(user, cancellationToken));
    }

    private static async Task<IResult> RevokePresentedTokenAsync(ClaimsPrincipal principal, ApiTokens tokens, CancellationToken cancellationToken)
    {
        if (!long.TryParse(principal.FindFirstValue(SupplyTrackerClaims.TokenId), NumberStyles.None, CultureInfo.InvariantCulture, out var tokenId))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No bearer token was presented.");
        await tokens.RevokeAsync(tokenId, cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> RevokeUserTokensAsync(string userName, UserManager<AppUser> users, ApiTokens tokens,
        CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found.", detail: $"No user is named '{userName}'.");
        return Results.Ok(new TokensRevoked(user.UserName!, await tokens.RevokeAllAsync(user.Id, cancellationToken)));
    }

    /// <summary>
    /// An admin issues a feed credential: the feed account (created as an Auditor with no password when it does not exist)
    /// and a secret shown once. It reads /odata with HTTP Basic until revoked (DELETE /auth/feeds/{userName}) or expired.
    /// </summary>
    private static async Task<IResult> IssueFeedCredentialAsync(FeedRequest request, UserManager<AppUser> users, ApiTokens tokens,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.UserName))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["userName"] = ["Name the feed account, e.g. powerbi-reports."] });
        var user = await users.FindByNameAsync(request.UserName);
        if (user is null)
        {
            user = new AppUser { UserName = request.UserName };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["userName"] = [.. created.Errors.Select(e => e.Description)] });
            await users.AddToRoleAsync(user, Roles.Auditor);
        }
        else if (!await users.IsInRoleAsync(user, Roles.Auditor) || (await users.GetRolesAsync(user)).Count != 1)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["userName"] = ["A feed account is an Auditor and nothing else; choose another name."] });
        }
        return Results.Ok(await tokens.IssueFeedAsync(user, cancellationToken));
    }

    // One answer for an unknown user, a wrong password and a locked account: no hint which part was wrong.
    private static IResult InvalidCredentials() => Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
        title: "Invalid user name or password.", detail: "The credentials were not accepted, or the account is temporarily locked.");
}
