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

    /// <summary>The version the client says it is changing: 428 without If-Match, 412 when it is not the current one.</summary>
    public static int RequireIfMatch(HttpRequest request, int currentVersion, bool required = true)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            if (required) throw new PreconditionRequiredException();
            return currentVersion;
        }
        if (header.Trim() == "*") return currentVersion;
        var current = Create(request, currentVersion);
        var matches = header.Split(',').Select(t => t.Trim()).Any(t => t == current || EntityTagHeaderValue.TryParse(t, out var parsed)
            && EntityTagHeaderValue.TryParse(current, out var now) && parsed.Compare(now, useStrongComparison: false));
        if (!matches) throw new StaleVersionException("Entity", request.Path.Value ?? "");
        return currentVersion;
    }
}
