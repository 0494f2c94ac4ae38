using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Api;
using SupplyTracker.Documents;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Infrastructure;

/// <summary>The one place where errors become ProblemDetails: 400 invalid input, 404 unknown id, 409 a broken stock rule, 412 stale.</summary>
public sealed class ProblemDetailsExceptionHandler(ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is System.Reflection.TargetInvocationException { InnerException: { } inner })
            exception = inner;
        ProblemDetails? problem = exception switch
        {
            ValidationException v => new ValidationProblemDetails(v.Errors
                .GroupBy(e => FieldName(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more fields are invalid.",
            },
            DomainValidationException d => new ValidationProblemDetails(new Dictionary<string, string[]> { [d.Field] = [d.Message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more fields are invalid.",
            },
            NotFoundException n => new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = $"{n.Entity} not found.",
                Detail = n.Message,
            },
            DomainRuleException r => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The request breaks a stock rule.",
                Detail = r.Message,
                Extensions = { ["field"] = r.Field },
            },
            StaleVersionException s => new ProblemDetails
            {
                Status = StatusCodes.Status412PreconditionFailed,
                Title = "The record was changed by someone else.",
                Detail = s.Message,
            },
            ForbiddenException f => new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden.",
                Detail = f.Message,
                Extensions = { ["field"] = f.Field },
            },
            PreconditionRequiredException p => new ProblemDetails
            {
                Status = StatusCodes.Status428PreconditionRequired,
                Title = "If-Match is required.",
                Detail = p.Message,
            },
            SearchNotSupportedException s => new ProblemDetails
            {
                Status = StatusCodes.Status501NotImplemented,
                Title = "$search cannot be honoured here.",
                Detail = s.Message,
                Extensions = { ["field"] = "$search" },
            },
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status412PreconditionFailed,
                Title = "The record was changed by someone else.",
                Detail = "Reload it and try again.",
            },
            InvalidOperationException q when IsUntranslatableQuery(q) => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The query cannot be evaluated by the database.",
                Detail = "Simplify $filter, $expand, $apply or $compute (for example, $select fewer properties inside $expand).",
            },
            DocumentFontMissingException f => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Documents cannot be rendered: no CJK font is installed.",
                Detail = f.Message,
            },
            BadHttpRequestException b => new ProblemDetails
            {
                Status = b.StatusCode,
                Title = "The request could not be read.",
                Detail = b.Message,
            },
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception for {Path}", httpContext.Request.Path);
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        await httpContext.WriteProblemAsync(problem);
        return true;
    }

    private static bool IsUntranslatableQuery(InvalidOperationException exception) =>
        exception.Source?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true
        && (exception.Message.Contains("could not be translated", StringComparison.Ordinal) || exception.Message.Contains("APPLY", StringComparison.Ordinal));

    /// <summary>FluentValidation says "Lines[0].Quantity"; clients send "lines[0].quantity".</summary>
    public static string FieldName(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
