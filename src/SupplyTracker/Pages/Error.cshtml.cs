using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages;

/// <summary>The page a browser sees for a 400, 403, 404 (or worse): in the user's language, with the navigation.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }
    public string Title { get; private set; } = "";
    public IReadOnlyList<string> Messages { get; private set; } = [];

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        var failure = HttpContext.Features.Get<ErrorPages.Failure>();
        Status = failure?.Status ?? status ?? StatusCodes.Status404NotFound;
        var culture = CultureInfo.CurrentUICulture;
        Title = ErrorText.Format(Status switch
        {
            StatusCodes.Status400BadRequest => ErrorCodes.PageBadRequest,
            StatusCodes.Status403Forbidden => ErrorCodes.PageForbidden,
            StatusCodes.Status404NotFound => ErrorCodes.PageNotFound,
            _ => ErrorCodes.PageError,
        }, culture, "");
        Messages = failure?.Errors.Select(e => e.Message(culture)).Distinct().ToList() ?? [];
        Response.StatusCode = Status;
    }
}
