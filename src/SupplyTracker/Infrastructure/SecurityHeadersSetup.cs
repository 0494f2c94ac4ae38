using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.Http.Features;
using SupplyTracker.Features.Donations;

namespace SupplyTracker.Infrastructure;

/// <summary>
/// Headers on every response (pages, API, static files, the public /verify page): a CSP with no inline script or style
/// (scripts and styles are files in wwwroot; JSON data islands are not scripts), no framing, nosniff, a referrer policy;
/// cookies are Secure whenever the request came over HTTPS. Also the form limits the largest donation needs.
/// </summary>
public static class SecurityHeadersSetup
{
    /// <summary>Form fields one donation line may carry on the largest form (Donations/New has six; inspection three).</summary>
    public const int FieldsPerLine = 8;

    /// <summary>Head room over the lines themselves: the header fields, the antiforgery token, the confirmation fields.</summary>
    public const int FormOverhead = 200;

    /// <summary>
    /// A form with a few more lines than the cap still parses, so the page can say "at most 500 lines" next to the
    /// user's input instead of failing before the page runs.
    /// </summary>
    public static int FormValueCountLimit => (RecordDonationValidator.MaxLines + 100) * FieldsPerLine + FormOverhead;

    public static IServiceCollection AddSupplyTrackerSecurityHeaders(this IServiceCollection services)
    {
        services.Configure<FormOptions>(options => options.ValueCountLimit = FormValueCountLimit);
        services.Configure<CookiePolicyOptions>(options =>
        {
            options.Secure = CookieSecurePolicy.SameAsRequest;
            options.HttpOnly = HttpOnlyPolicy.None;
            options.MinimumSameSitePolicy = SameSiteMode.Lax;
        });
        return services;
    }

    public static HeaderPolicyCollection Policies() => new HeaderPolicyCollection()
        .AddContentTypeOptionsNoSniff()
        .AddFrameOptionsDeny()
        .AddReferrerPolicyStrictOriginWhenCrossOrigin()
        .AddStrictTransportSecurityMaxAgeIncludeSubDomains()
        .AddCrossOriginOpenerPolicy(x => x.SameOrigin())
        .AddContentSecurityPolicy(csp =>
        {
            csp.AddDefaultSrc().Self();
            csp.AddScriptSrc().Self();
            csp.AddStyleSrc().Self();
            csp.AddImgSrc().Self().Data();
            csp.AddFontSrc().Self();
            csp.AddConnectSrc().Self();
            // The station app: its service worker and its manifest come from this origin only.
            csp.AddWorkerSrc().Self();
            csp.AddManifestSrc().Self();
            csp.AddObjectSrc().None();
            csp.AddBaseUri().Self();
            csp.AddFormAction().Self();
            csp.AddFrameAncestors().None();
        })
        .RemoveServerHeader();

    /// <summary>First in the pipeline, so that every response, error pages and static files included, carries them.</summary>
    public static WebApplication UseSupplyTrackerSecurityHeaders(this WebApplication app)
    {
        app.UseSecurityHeaders(Policies());
        app.UseCookiePolicy();
        return app;
    }
}
