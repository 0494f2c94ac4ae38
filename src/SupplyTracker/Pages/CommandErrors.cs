using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages;

/// <summary>
/// Turns a command's refusal into ModelState errors in the user's language, next to the field or line it names, so the
/// page re-renders with the user's input kept. The words come from the error's code (Resources/ErrorMessages*.resx).
/// </summary>
public static class CommandErrors
{
    /// <param name="t">Kept for the pages' calls; the words come from the error catalogue.</param>
    /// <param name="mapField">Maps the command's field path (e.g. "Lines[0].Quantity") to the form's (e.g. "Input.Lines[2].Quantity").</param>
    public static bool TryAddCommandError(this ModelStateDictionary modelState, Exception exception, IStringLocalizer t,
        Func<string, string>? mapField = null)
    {
        var errors = ErrorText.Of(exception);
        if (errors.Count == 0) return false;
        var map = mapField ?? (field => "Input." + field);
        foreach (var error in errors)
        {
            // A record-wide error (not found, stale, forbidden) belongs to the page, not to a field.
            var key = error.Field.Length == 0 || error.Code.Value.StartsWith("record.", StringComparison.Ordinal)
                || error.Code.Value.StartsWith("access.", StringComparison.Ordinal)
                ? string.Empty
                : map(error.Field);
            modelState.AddModelError(key, error.Message(CultureInfo.CurrentUICulture));
        }
        return true;
    }
}
