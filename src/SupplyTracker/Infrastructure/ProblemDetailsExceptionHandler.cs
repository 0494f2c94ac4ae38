using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Api;
using SupplyTracker.Documents;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Infrastructure;

/// <summary>What the API says about one kind of error: its status and title; the words of coded errors come from their codes.</summary>
public sealed record ErrorMapping(int Status, string Title, string Code, Func<Exception, string?>? Detail = null);

/// <summary>
/// The one place where errors become responses. The table below maps each exception type to a status, a title and a
/// code (the model is CleanArchitecture's CustomExceptionHandler); <see cref="Write"/> renders it as ProblemDetails
/// (application/problem+json) with <c>code</c> at the top level and per field, and the message in the request's
/// Accept-Language (English by default). Under /odata the same problem is written in the OData JSON error format
/// (Api/ODataErrors: code, message, target, one detail per field) by ProblemResponses; the table stays one.
/// Browser requests for pages get a status only: the error page (Pages/Error) says it in the user's language.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public const string InvalidCode = "request.invalid";

    public const string InvalidTitle = "One or more fields are invalid.";

    /// <summary>Exception type → response; the first entry the exception is an instance of wins.</summary>
    public static readonly IReadOnlyList<(Type Type, ErrorMapping Mapping)> Table =
    [
        (typeof(ValidationException), new(StatusCodes.Status400BadRequest, InvalidTitle, InvalidCode)),
        (typeof(DomainValidationException), new(StatusCodes.Status400BadRequest, InvalidTitle, InvalidCode)),
        (typeof(NotFoundException), new(StatusCodes.Status404NotFound, "Not found.", "record.not_found")),
        (typeof(DomainRuleException), new(StatusCodes.Status409Conflict, "The request breaks a stock rule.", "rule.broken")),
        (typeof(StaleVersionException), new(StatusCodes.Status412PreconditionFailed, "The record was changed by someone else.", "record.stale")),
        (typeof(ForbiddenException), new(StatusCodes.Status403Forbidden, "Forbidden.", "access.forbidden")),
        (typeof(PreconditionRequiredException), new(StatusCodes.Status428PreconditionRequired, "If-Match is required.", "record.version_required")),
        (typeof(SearchNotSupportedException), new(StatusCodes.Status501NotImplemented, "$search cannot be honoured here.", "query.search_not_supported", e => e.Message)),
        (typeof(QueryNotImplementedException), new(StatusCodes.Status501NotImplemented, "Not implemented.", "http.not_implemented", e => e.Message)),
        (typeof(DbUpdateConcurrencyException), new(StatusCodes.Status412PreconditionFailed, "The record was changed by someone else.", "record.stale", _ => "Reload it and try again.")),
        (typeof(DocumentFontMissingException), new(StatusCodes.Status503ServiceUnavailable, "Documents cannot be rendered: no CJK font is installed.", "documents.font_missing", e => e.Message)),
        (typeof(BadHttpRequestException), new(StatusCodes.Status400BadRequest, "The request could not be read.", "request.unreadable", e => e.Message)),
    ];

    private static readonly ErrorMapping UntranslatableQuery = new(StatusCodes.Status400BadRequest,
        "The query cannot be evaluated by the database.", "query.untranslatable",
        _ => "Simplify $filter, $expand, $apply or $compute (for example, $select fewer properties inside $expand).");

    public static ErrorMapping? MappingOf(Exception exception) =>
        exception is InvalidOperationException q && IsUntranslatableQuery(q) ? UntranslatableQuery
        : Table.FirstOrDefault(e => e.Type.IsInstanceOfType(exception)).Mapping;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is System.Reflection.TargetInvocationException { InnerException: { } inner })
            exception = inner;
        var mapping = MappingOf(exception);
        if (mapping is null)
        {
            logger.LogError(exception, "Unhandled exception for {Path}", httpContext.Request.Path);
            return false;
        }
        var status = exception is BadHttpRequestException b ? b.StatusCode : mapping.Status;
        httpContext.Response.StatusCode = status;
        if (ErrorPages.IsForBrowser(httpContext.Request))
        {
            // No body: the status code pages re-execute Pages/Error, which reads the error from here.
            httpContext.Features.Set(new ErrorPages.Failure(status, ErrorText.Of(exception)));
            return true;
        }
        await httpContext.WriteProblemAsync(Write(mapping, status, exception, ErrorText.FromAcceptLanguage(httpContext.Request)));
        return true;
    }

    /// <summary>The ProblemDetails rendering: validation errors by field, others with a detail; codes at the top and per field.</summary>
    public static ProblemDetails Write(ErrorMapping mapping, int status, Exception exception, CultureInfo culture)
    {
        var errors = ErrorText.Of(exception);
        var code = errors.Count == 1 && errors[0].Code != ErrorCodes.ErrorUnspecified ? errors[0].Code.Value : mapping.Code;
        ProblemDetails problem;
        if (status == StatusCodes.Status400BadRequest && errors.Count > 0)
        {
            var byField = errors.GroupBy(e => FieldName(e.Field)).ToList();
            problem = new ValidationProblemDetails(byField.ToDictionary(g => g.Key, g => g.Select(e => e.Message(culture)).Distinct().ToArray()))
            {
                Extensions = { ["codes"] = byField.ToDictionary(g => g.Key, g => g.Select(e => e.Code.Value).Distinct().ToArray()) },
            };
        }
        else
        {
            problem = new ProblemDetails { Detail = errors.Count > 0 ? errors[0].Message(culture) : mapping.Detail?.Invoke(exception) };
            if (exception is CodedException { Field.Length: > 0 } coded)
                problem.Extensions["field"] = coded.Field;
            else if (exception is SearchNotSupportedException)
                problem.Extensions["field"] = "$search";
            else if (exception is QueryNotImplementedException notImplemented)
                problem.Extensions["field"] = notImplemented.Option;
        }
        problem.Status = status;
        problem.Title = exception is NotFoundException n ? $"{n.Entity} not found." : mapping.Title;
        problem.Extensions["code"] = code;
        if (errors.Count == 1 && errors[0].Code != ErrorCodes.ErrorUnspecified)
            problem.Extensions["arguments"] = errors[0].Arguments;
        return problem;
    }

    private static bool IsUntranslatableQuery(InvalidOperationException exception) =>
        exception.Source?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true
        && (exception.Message.Contains("could not be translated", StringComparison.Ordinal) || exception.Message.Contains("APPLY", StringComparison.Ordinal));

    /// <summary>FluentValidation says "Lines[0].Quantity"; clients send "lines[0].quantity".</summary>
    public static string FieldName(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
