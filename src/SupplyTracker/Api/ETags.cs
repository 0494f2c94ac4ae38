using Microsoft.AspNetCore.OData.Abstracts;
using Microsoft.AspNetCore.OData.Extensions;
using Microsoft.Net.Http.Headers;
using SupplyTracker.Domain;

namespace SupplyTracker.Api;

/// <summary>ETags from the entity's version, in the same form OData writes as @odata.etag.</summary>
public static class ETags
{
    public static string Create(HttpRequest request, int version)
    {
        var handler = request.GetRouteServices().GetRequiredService<IETagHandler>();
        return handler.CreateETag(new Dictionary<string, object> { ["version"] = version }, TimeZoneInfo.Utc)!.ToString();
    }

    public static void Write(HttpRequest request, int version) => request.HttpContext.Response.Headers.ETag = Create(request, version);

    /// <summary>
    /// The door's whole part in concurrency: If-Match parsed into the version the client says it is changing, for the
    /// command to compare inside its transaction. Null when absent or "*"; 428 when absent and the set requires it;
    /// an ETag that names no version can match none (412).
    /// </summary>
    public static int? ExpectedVersion(HttpRequest request, bool required)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
            return required ? throw new PreconditionRequiredException() : null;
        if (header.Trim() == "*") return null;
        var handler = request.GetRouteServices().GetRequiredService<IETagHandler>();
        foreach (var tag in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!EntityTagHeaderValue.TryParse(tag, out var parsed)) continue;
            try
            {
                // The handler returns the values in the order Create wrote them; ours hold one, the version.
                if (handler.ParseETag(parsed) is { Count: 1 } values && values.Values.Single() is { } value)
                    return Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or Microsoft.OData.ODataException
                or System.Text.Json.JsonException or ArgumentException)
            {
                // Not one of ours: it matches no version.
            }
        }
        throw new StaleVersionException("Entity", request.Path.Value ?? "");
    }
}
