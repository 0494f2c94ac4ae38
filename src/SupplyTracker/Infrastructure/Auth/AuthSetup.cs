using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Infrastructure.Auth;

/// <summary>
/// Two doors, two schemes: the Razor pages use the Identity cookie, the API (<c>/odata</c>, <c>/auth</c>, <c>/audit</c>)
/// only the bearer token, so a browser's cookie can never ride along on an API call (no CSRF on the API).
/// </summary>
public static class AuthSetup
{
    private const string ByPathScheme = "ByPath";

    public static IServiceCollection AddSupplyTrackerAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuthOptions>(configuration.GetSection("Auth"));
        services.AddScoped<ApiTokens>();
        services.AddSingleton<ApiTokenPrincipalCache>();

        services.AddIdentity<AppUser, IdentityRole>(options =>
            {
                // Length over composition rules; the demo password "demo" is seeded past these validators, in Development only.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<SupplyTrackerDbContext>()
            .AddClaimsPrincipalFactory<AppUserClaimsPrincipalFactory>();

        // Several instances must read each other's sign-in cookies and antiforgery tokens: one key ring in a shared folder.
        if (configuration["DataProtection:KeysDirectory"] is { Length: > 0 } keys)
            services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(keys)).SetApplicationName("SupplyTracker");

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "SupplyTracker.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
        });

        // AddIdentity made the cookie the default; the path decides instead.
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = ByPathScheme;
                options.DefaultAuthenticateScheme = ByPathScheme;
                options.DefaultChallengeScheme = ByPathScheme;
                options.DefaultForbidScheme = ByPathScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(ByPathScheme, null, options => options.ForwardDefaultSelector = context =>
                IsApi(context.Request.Path) ? ApiTokenAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Audit, policy => policy.RequireRole(Roles.Admin, Roles.Auditor))
            .AddPolicy(Policies.Read, policy => policy.RequireRole(Roles.All))
            .AddPolicy(Policies.Catalog, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Warehouse, policy => policy.RequireRole(Roles.Admin, Roles.Logistics))
            .AddPolicy(Policies.Stock, policy => policy.RequireRole(Roles.Admin, Roles.Logistics, Roles.Station))
            .AddPolicy(Policies.Outbox, policy => policy.RequireRole(Roles.Admin, Roles.Logistics, Roles.Auditor));

        services.AddSingleton<SignInLimiter>();
        services.AddOptions<RateLimiterOptions>().Configure<SignInLimiter>((options, limiter) => options.GlobalLimiter = limiter.ForTokenEndpoint());
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    rejected.HttpContext.Response.Headers.RetryAfter = SignInLimiter.RetryAfterHeader(retryAfter);
                await rejected.HttpContext.WriteProblemAsync(new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many sign-in attempts.",
                    Detail = "Wait a minute and try again.",
                });
            };
        });

        services.AddRazorPages();
        // Razor would otherwise write Chinese as &#x...; entities.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return services;
    }

    /// <summary>Who is calling: runs first, so idempotency keys and audit fields know the caller.</summary>
    public static WebApplication UseSupplyTrackerAuthentication(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseAuthentication();
        return app;
    }

    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/odata") || path.StartsWithSegments("/auth") || path.StartsWithSegments("/audit")
        || path.StartsWithSegments("/jobs") || path.StartsWithSegments("/imports") || path.StartsWithSegments("/public")
        || path.StartsWithSegments("/metrics");
}
