using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Infrastructure.Localization;

/// <summary>
/// Errors a browser meets: a 400, 403 or 404 (from routing or from a command's exception) re-executes Pages/Error in
/// the user's language with the navigation; the API paths keep their ProblemDetails. Model-binding messages ("The value
/// 'x' is not valid for ExpiresOn") come from the error catalogue in the request's culture.
/// </summary>
public static class ErrorPages
{
    /// <summary>The error that made a page request fail, for Pages/Error to put into words.</summary>
    public sealed record Failure(int Status, IReadOnlyList<CodedError> Errors);

    public static bool IsForBrowser(HttpRequest request) =>
        !AuthSetup.IsApi(request.Path) && !request.Path.StartsWithSegments("/healthz");

    public static IServiceCollection AddSupplyTrackerErrorPages(this IServiceCollection services)
    {
        // A NotFoundException on a page answers 404 with no body, so that the status code page can say it.
        services.Configure<ExceptionHandlerOptions>(options => options.AllowStatusCode404Response = true);
        services.Configure<MvcOptions>(options => Localize(options.ModelBindingMessageProvider));
        return services;
    }

    /// <summary>Outermost of the error middleware: an empty 4xx/5xx of a browser request becomes Pages/Error.</summary>
    public static WebApplication UseSupplyTrackerErrorPages(this WebApplication app)
    {
        app.UseWhen(context => IsForBrowser(context.Request), branch => branch.UseStatusCodePagesWithReExecute("/Error/{0}"));
        return app;
    }

    private static string Say(ErrorCode code, string field = "", params object?[] values) =>
        ErrorText.Format(code, System.Globalization.CultureInfo.CurrentUICulture, field, values);

    private static void Localize(DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => Say(ErrorCodes.BindingValueInvalid, field, value));
        messages.SetMissingBindRequiredValueAccessor(field => Say(ErrorCodes.FieldRequired, field));
        messages.SetMissingKeyOrValueAccessor(() => Say(ErrorCodes.BindingValueRequired));
        messages.SetMissingRequestBodyRequiredValueAccessor(() => Say(ErrorCodes.BindingBodyRequired));
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => Say(ErrorCodes.BindingValueInvalidPlain, "", value));
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => Say(ErrorCodes.BindingValueRequired));
        messages.SetNonPropertyValueMustBeANumberAccessor(() => Say(ErrorCodes.BindingNotANumber, "", ""));
        messages.SetUnknownValueIsInvalidAccessor(field => Say(ErrorCodes.BindingUnknownInvalid, field));
        messages.SetValueIsInvalidAccessor(value => Say(ErrorCodes.BindingValueInvalidPlain, "", value));
        messages.SetValueMustBeANumberAccessor(field => Say(ErrorCodes.BindingNotANumber, field));
        messages.SetValueMustNotBeNullAccessor(value => Say(ErrorCodes.BindingValueRequired));
    }
}
