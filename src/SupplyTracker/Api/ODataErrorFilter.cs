using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.OData;

namespace SupplyTracker.Api;

/// <summary>
/// OData's own error shapes (SerializableError with a stack trace from [EnableQuery], ODataError, invalid model
/// state from the body deserializer) become one problem that names the option or field, carries a stable code and no
/// stack trace; <see cref="ProblemResult"/> writes it (under /odata in the OData JSON error format).
/// </summary>
public sealed class ODataErrorFilter(IHostEnvironment environment) : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        // MVC filters run for Razor Pages too: a page's empty 404 is left to the error page (Pages/Error).
        if (SupplyTracker.Infrastructure.Localization.ErrorPages.IsForBrowser(context.HttpContext.Request)) return;
        // NotFound() and [EnableQuery]'s empty SingleResult carry no body: give them one.
        if (context.Result is StatusCodeResult { StatusCode: >= 400 } empty)
        {
            var title = empty.StatusCode == StatusCodes.Status404NotFound ? "The entity was not found." : ReasonPhrases.GetReasonPhrase(empty.StatusCode);
            context.Result = new ProblemResult(Problem(empty.StatusCode, title, null));
            return;
        }
        if (context.Result is not ObjectResult { StatusCode: >= 400 } result) return;
        var status = result.StatusCode!.Value;
        ProblemDetails? problem = result.Value switch
        {
            SerializableError error when error.TryGetValue("Message", out var message) => Problem(status, "The query is not valid.",
                DetailOf(error, message), QueryInvalid),
            ODataError error => Problem(status, "The request is not valid.", error.Message, error.Target is { Length: > 0 } ? null : QueryInvalid, error.Target),
            SerializableError error => new ValidationProblemDetails(error.ToDictionary(e => e.Key, e => e.Value as string[] ?? [e.Value?.ToString() ?? ""]))
            {
                Status = status, Title = SupplyTracker.Infrastructure.ProblemDetailsExceptionHandler.InvalidTitle, Extensions = { ["code"] = Infrastructure.ProblemDetailsExceptionHandler.InvalidCode },
            },
            ProblemDetails already => already,
            _ => null,
        };
        if (problem is null) return;
        problem.Status ??= status;
        context.Result = new ProblemResult(problem);
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }

    private string DetailOf(SerializableError error, object? message)
    {
        var text = message?.ToString() ?? "";
        if (environment.IsDevelopment() && error.TryGetValue("ExceptionMessage", out var inner))
            text += " " + inner;
        return text;
    }

    /// <summary>The code of a query option OData refused ($filter, $orderby, $top … that do not parse or break a limit).</summary>
    public const string QueryInvalid = "query.invalid";

    private static ProblemDetails Problem(int status, string title, string? detail, string? code = null, string? field = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (code is not null) problem.Extensions["code"] = code;
        if (field is not null) problem.Extensions["field"] = field;
        return problem;
    }
}

/// <summary>A body OData could not read answers 400 with the field named, before the action runs.</summary>
public sealed class InvalidModelStateFilter : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        if (context.ModelState.IsValid) return;
        // The deserializer's exception says what was wrong ("Cannot convert the literal 'abc' to Edm.Int32"); keep that.
        var errors = context.ModelState
            .Where(e => e.Value is { Errors.Count: > 0 })
            .ToDictionary(
                e => string.IsNullOrEmpty(e.Key) ? "body" : e.Key,
                e => e.Value!.Errors.Select(x => x.Exception?.Message ?? x.ErrorMessage).Where(m => !string.IsNullOrEmpty(m)).Distinct().ToArray());
        if (errors.Count > 1)
        {
            foreach (var key in errors.Where(e => e.Value.All(m => m.EndsWith("field is required.", StringComparison.Ordinal))).Select(e => e.Key).ToList())
                errors.Remove(key);
        }
        var problem = new ValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body could not be read.",
            Extensions = { ["code"] = Infrastructure.ProblemDetailsExceptionHandler.InvalidCode },
        };
        context.Result = new ProblemResult(problem);
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
