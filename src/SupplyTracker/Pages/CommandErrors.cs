using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages;

/// <summary>Turns a command's refusal into ModelState errors, so the page re-renders with the user's input kept.</summary>
public static class CommandErrors
{
    /// <param name="mapField">Maps the command's field path (e.g. "Lines[0].Quantity") to the form's (e.g. "Input.Lines[2].Quantity").</param>
    public static bool TryAddCommandError(this ModelStateDictionary modelState, Exception exception, IStringLocalizer t,
        Func<string, string>? mapField = null)
    {
        var map = mapField ?? (field => "Input." + field);
        switch (exception)
        {
            case ValidationException validation:
                foreach (var error in validation.Errors)
                    modelState.AddModelError(map(error.PropertyName), t[error.ErrorMessage]);
                return true;
            case DomainValidationException d:
                modelState.AddModelError(map(d.Field), t[d.Message]);
                return true;
            case DomainRuleException r:
                modelState.AddModelError(map(r.Field), t[r.Message]);
                return true;
            case StaleVersionException:
                modelState.AddModelError(string.Empty, t["Someone else changed this record. Reload the page and try again."]);
                return true;
            case ForbiddenException f:
                modelState.AddModelError(string.Empty, t[f.Message]);
                return true;
            case NotFoundException n:
                modelState.AddModelError(string.Empty, t[n.Message]);
                return true;
            default:
                return false;
        }
    }
}
