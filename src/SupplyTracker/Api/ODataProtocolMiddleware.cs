using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using SupplyTracker.Domain;

namespace SupplyTracker.Api;

/// <summary>
/// What the OData protocol asks of every /odata response before any controller runs: the <c>OData-Version</c> header
/// (errors and 304s included, Protocol §8.1.5) and content negotiation (§8.2.1, JSON Format §3): a format we cannot
/// write (<c>Accept: application/xml</c>, <c>$format=xml</c>, <c>odata.metadata=bogus</c>) answers 406 instead of JSON
/// the client did not ask for. <c>$metadata</c> is XML by default and JSON on request.
/// </summary>
public sealed class ODataProtocolMiddleware(RequestDelegate next)
{
    private static readonly string[] MetadataLevels = ["minimal", "full", "none"];

    public Task InvokeAsync(HttpContext context)
    {
        if (!ODataErrors.IsOData(context.Request)) return next(context);
        context.Response.OnStarting(() =>
        {
            ODataErrors.EnsureVersionHeader(context);
            return Task.CompletedTask;
        });
        if (NotAcceptable(context.Request) is { } reason)
        {
            return ODataErrors.WriteAsync(context, new ProblemDetails
            {
                Status = StatusCodes.Status406NotAcceptable,
                Detail = reason,
                Extensions = { ["code"] = ErrorCodes.HttpNotAcceptable.Value, ["field"] = context.Request.Query.ContainsKey("$format") ? "$format" : "Accept" },
            });
        }
        return next(context);
    }

    /// <summary>Why the request asks for a representation this service cannot send, or null when it can send one.</summary>
    internal static string? NotAcceptable(HttpRequest request)
    {
        var metadata = request.Path.Value?.EndsWith("/$metadata", StringComparison.OrdinalIgnoreCase) == true;
        if (request.Query.TryGetValue("$format", out var format) && format.ToString() is { Length: > 0 } asked)
        {
            if (!MediaTypeHeaderValue.TryParse(asked.Equals("json", StringComparison.OrdinalIgnoreCase) ? "application/json"
                    : asked.Equals("xml", StringComparison.OrdinalIgnoreCase) ? "application/xml" : asked, out var type))
                return $"$format={asked} is not a format; use $format=json.";
            if (Refused(type, metadata) is { } why) return $"$format={asked}: {why}";
            return null;
        }
        var accept = request.Headers.Accept.ToString();
        if (accept.Length == 0 || !MediaTypeHeaderValue.TryParseList(accept.Split(','), out var ranges) || ranges.Count == 0) return null;
        var reasons = ranges.Where(r => r.Quality is null or > 0).Select(r => Refused(r, metadata)).ToList();
        return reasons.Count > 0 && reasons.All(r => r is not null) ? "Accept: " + reasons[0] : null;
    }

    /// <summary>Null when this media range can be served; else why not. Types we do not judge (text/plain, application/pdf, multipart) pass.</summary>
    private static string? Refused(MediaTypeHeaderValue range, bool metadata)
    {
        var type = range.MediaType.Value?.ToLowerInvariant() ?? "";
        if (type is "application/xml" or "text/xml" or "application/atom+xml")
            return metadata ? null : "this service sends JSON only (XML is for $metadata); ask for application/json.";
        if (type is not ("application/json" or "application/*" or "*/*")) return null;
        foreach (var parameter in range.Parameters)
        {
            var name = parameter.Name.Value?.ToLowerInvariant();
            var value = parameter.Value.Value?.Trim('"') ?? "";
            if (name is "odata.metadata" or "metadata" && !MetadataLevels.Contains(value, StringComparer.OrdinalIgnoreCase))
                return $"odata.metadata={value} is not minimal, full or none.";
            if (name is "odata.streaming" or "streaming" or "ieee754compatible" && value.ToLowerInvariant() is not ("true" or "false"))
                return $"{parameter.Name}={value} must be true or false.";
        }
        return null;
    }
}
