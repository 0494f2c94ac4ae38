using System.Globalization;
using Microsoft.AspNetCore.Localization;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Infrastructure.Localization;

/// <summary>The Razor front end: static files from wwwroot, three languages (zh-Hant by default) chosen by a cookie.</summary>
public static class FrontEndSetup
{
    public static readonly IReadOnlyList<string> Languages = ["zh-Hant", "zh-Hans", "en"];

    public static IServiceCollection AddSupplyTrackerFrontEnd(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddRazorPages()
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.AddSupplyTrackerErrorPages();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Languages.Select(CultureInfo.GetCultureInfo).ToList();
            options.DefaultRequestCulture = new RequestCulture(Languages[0]);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            // The product's language is zh-Hant unless the user picks another; the browser's language does not decide.
            options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        return services;
    }

    public static WebApplication UseSupplyTrackerFrontEnd(this WebApplication app)
    {
        app.UseStaticFiles();
        // The API keeps the invariant culture: its messages and formats do not depend on a browser cookie.
        app.UseWhen(context => !AuthSetup.IsApi(context.Request.Path), branch => branch.UseRequestLocalization());
        return app;
    }
}
