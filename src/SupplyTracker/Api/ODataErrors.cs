using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Api;

/// <summary>
/// The OData JSON error format (OData JSON Format 4.01 §21.1) for every error under <c>/odata</c>: one object with one
/// name, <c>error</c>, holding <c>code</c> (the stable code of the error catalogue), <c>message</c> (in the request's
/// Accept-Language), <c>target</c> (the field or option), <c>details</c> (one entry per field error) and
/// <c>innererror</c> (the trace id only: no stack trace). Built from the same ProblemDetails the other endpoints send,
/// so the exception table in ProblemDetailsExceptionHandler stays the one place that decides status and code.
/// </summary>
public static class ODataErrors
{
    public const string ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8";

    public static bool IsOData(HttpRequest request) => request.Path.StartsWithSegments("/odata", StringComparison.OrdinalIgnoreCase);

    /// <summary>4.01 when the client says it understands it (OData-MaxVersion), else 4.0 (Protocol §8.1.5, §8.2.7).</summary>
    public static string VersionFor(HttpRequest request)
    {
        var max = request.Headers["OData-MaxVersion"].ToString();
        return Version.TryParse(max.Trim(), out var v) && v >= new Version(4, 1) ? "4.01" : "4.0";
    }

    /// <summary>Every /odata response carries OData-Version, errors and 304s included.</summary>
    public static void EnsureVersionHeader(HttpContext context)
    {
        if (!context.Response.HasStarted && !context.Response.Headers.ContainsKey("OData-Version"))
            context.Response.Headers["OData-Version"] = VersionFor(context.Request);
    }

    /// <summary>The code a status has when nothing more specific was said.</summary>
    public static ErrorCode CodeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ErrorCodes.HttpUnauthorized,
        StatusCodes.Status403Forbidden => ErrorCodes.HttpForbidden,
        StatusCodes.Status404NotFound => ErrorCodes.HttpNotFound,
        StatusCodes.Status405MethodNotAllowed => ErrorCodes.HttpMethodNotAllowed,
        StatusCodes.Status406NotAcceptable => ErrorCodes.HttpNotAcceptable,
        StatusCodes.Status412PreconditionFailed => ErrorCodes.HttpPreconditionFailed,
        StatusCodes.Status413PayloadTooLarge => ErrorCodes.HttpPayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ErrorCodes.HttpUnsupportedMediaType,
        StatusCodes.Status428PreconditionRequired => ErrorCodes.RecordVersionRequired,
        StatusCodes.Status429TooManyRequests => ErrorCodes.HttpTooManyRequests,
        StatusCodes.Status501NotImplemented => ErrorCodes.HttpNotImplemented,
        >= 500 => ErrorCodes.HttpError,
        _ => ErrorCodes.HttpBadRequest,
    };

    public static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        var status = problem.Status ?? context.Response.StatusCode;
        context.Response.StatusCode = status;
        EnsureVersionHeader(context);
        context.Response.ContentType = ContentType;
        var culture = ErrorText.FromAcceptLanguage(context.Request);
        var fallback = CodeOf(status);
        var coded = problem.Extensions.TryGetValue("code", out var c) && c is string { Length: > 0 };
        var code = coded ? (string)c! : fallback.Value;
        // The pipeline's own refusals (401, 403, 404, 405, 406, 413, 415, 429) say their catalogue words in the caller's
        // language; coded errors were put into words already; the rest keep their detail.
        var message = !coded && fallback != ErrorCodes.HttpBadRequest && fallback != ErrorCodes.HttpError && fallback != ErrorCodes.HttpNotImplemented
                && (problem.Detail is null || status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
            ? ErrorText.Format(fallback, new Dictionary<string, object?>(), culture)
            : problem is ValidationProblemDetails && problem.Detail is null ? problem.Title ?? ErrorText.Format(fallback, new Dictionary<string, object?>(), culture)
            : !coded && problem.Title is { Length: > 0 } && problem.Detail is { Length: > 0 } ? problem.Title + " " + problem.Detail
            : problem.Detail ?? problem.Title ?? ErrorText.Format(fallback, new Dictionary<string, object?> { ["feature"] = "This request" }, culture);

        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("code", code);
        json.WriteString("message", message);
        var target = problem.Extensions.TryGetValue("field", out var f) ? f?.ToString() : null;
        if (target is null && problem is ValidationProblemDetails { Errors.Count: 1 } single)
            target = single.Errors.Keys.Single();
        if (target is { Length: > 0 }) json.WriteString("target", target);
        if (problem is ValidationProblemDetails { Errors.Count: > 0 } validation)
        {
            var codes = problem.Extensions.TryGetValue("codes", out var cs) ? cs as IDictionary<string, string[]> : null;
            json.WriteStartArray("details");
            foreach (var (field, messages) in validation.Errors)
            {
                var fieldCodes = codes?.TryGetValue(field, out var fc) == true ? fc : [];
                for (var i = 0; i < messages.Length; i++)
                {
                    json.WriteStartObject();
                    json.WriteString("code", i < fieldCodes.Length ? fieldCodes[i] : fieldCodes.FirstOrDefault() ?? code);
                    json.WriteString("message", messages[i]);
                    json.WriteString("target", field);
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
        }
        json.WriteStartObject("innererror");
        json.WriteString("traceId", problem.Extensions.TryGetValue("traceId", out var t) && t is string trace ? trace : Activity.Current?.Id ?? context.TraceIdentifier);
        json.WriteNumber("status", status);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}

/// <summary>An error result that MVC does not negotiate: written through <see cref="Infrastructure.ProblemResponses"/>.</summary>
public sealed class ProblemResult(ProblemDetails problem) : IActionResult
{
    public ProblemDetails Problem { get; } = problem;

    public Task ExecuteResultAsync(ActionContext context) => Infrastructure.ProblemResponses.WriteProblemAsync(context.HttpContext, Problem);
}
