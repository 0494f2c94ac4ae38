using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OData.Abstracts;
using Microsoft.AspNetCore.OData.Extensions;
using Microsoft.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData.UriParser;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Localization;

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

    /// <summary>The versions a list of ETags names (those that are not ours name none).</summary>
    public static IReadOnlyList<int> Versions(HttpRequest request, string header)
    {
        var handler = request.GetRouteServices().GetRequiredService<IETagHandler>();
        var versions = new List<int>();
        foreach (var tag in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!EntityTagHeaderValue.TryParse(tag, out var parsed)) continue;
            try
            {
                if (handler.ParseETag(parsed) is { Count: 1 } values && values.Values.Single() is { } value)
                    versions.Add(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or Microsoft.OData.ODataException
                or System.Text.Json.JsonException or ArgumentException)
            {
            }
        }
        return versions;
    }
}

/// <summary>
/// Conditional requests (RFC 9110 §13) for every OData controller: <c>If-None-Match</c> answers 304 on a GET whose
/// entity still has that ETag (or any, for <c>*</c>) and 412 on a write to an entity that has it; every 2xx that returns
/// an entity (201 Created, 200 after an update or an action) carries that entity's <c>ETag</c>.
/// </summary>
public sealed class ConditionalRequestFilter : IAsyncActionFilter, IAlwaysRunResultFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && ifNoneMatch.Length > 0
            && await CurrentVersionAsync(context.HttpContext) is { } current
            && (ifNoneMatch.Trim() == "*" || ETags.Versions(request, ifNoneMatch).Contains(current)))
        {
            context.Result = new ProblemResult(new ProblemDetails
            {
                Status = StatusCodes.Status412PreconditionFailed,
                Title = "If-None-Match matched the current version.",
                Extensions = { ["code"] = ErrorCodes.HttpPreconditionFailed.Value, ["field"] = "If-None-Match" },
                Detail = ErrorText.Format(ErrorCodes.HttpPreconditionFailed, new Dictionary<string, object?>(), ErrorText.FromAcceptLanguage(request)),
            });
            return;
        }
        await next();
    }

    public void OnResultExecuting(ResultExecutingContext context)
    {
        var http = context.HttpContext;
        if (!ODataErrors.IsOData(http.Request)) return;
        var status = StatusOf(context.Result) ?? http.Response.StatusCode;
        if (status is < 200 or > 299) return;
        if (string.IsNullOrEmpty(http.Response.Headers.ETag) && EntityOf(context.Result) is { } entity
            && entity.GetType().GetProperty("Version")?.GetValue(entity) is int version)
            ETags.Write(http.Request, version);
        var ifNoneMatch = http.Request.Headers.IfNoneMatch.ToString();
        var etag = http.Response.Headers.ETag.ToString();
        if ((HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) && ifNoneMatch.Length > 0 && etag.Length > 0
            && (ifNoneMatch.Trim() == "*" || ifNoneMatch.Split(',', StringSplitOptions.TrimEntries).Any(t => Same(t, etag))))
            context.Result = new StatusCodeResult(StatusCodes.Status304NotModified);
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }

    // Weak comparison (RFC 9110 §13.1.2): W/"x" and "x" name the same version.
    private static bool Same(string a, string b) => Strip(a) == Strip(b);

    private static string Strip(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;

    private static int? StatusOf(IActionResult result) => result switch
    {
        IStatusCodeActionResult { StatusCode: { } s } => s,
        _ when result.GetType().Name.StartsWith("CreatedODataResult", StringComparison.Ordinal) => StatusCodes.Status201Created,
        _ => null,
    };

    private static object? EntityOf(IActionResult result) => result switch
    {
        ObjectResult { Value: { } value } => value,
        _ => result.GetType().GetProperty("Entity")?.GetValue(result),
    };

    /// <summary>The version of the entity the OData path addresses (Set(key)), read from the table of the same name.</summary>
    private static async Task<int?> CurrentVersionAsync(HttpContext context)
    {
        var path = context.ODataFeature().Path;
        if (path is null || path.FirstSegment is not EntitySetSegment set || path.Skip(1).FirstOrDefault() is not KeySegment key) return null;
        var db = context.RequestServices.GetRequiredService<SupplyTracker.Data.SupplyTrackerDbContext>();
        var property = typeof(SupplyTracker.Data.SupplyTrackerDbContext).GetProperty(set.EntitySet.Name);
        if (property?.GetValue(db) is not IQueryable rows || rows.ElementType.GetProperty("Version") is null) return null;
        if (key.Keys.Single().Value is not int id) return null;
        var method = typeof(ConditionalRequestFilter).GetMethod(nameof(VersionOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(rows.ElementType);
        return await (Task<int?>)method.Invoke(null, [rows, id, context.RequestAborted])!;
    }

    private static Task<int?> VersionOf<T>(IQueryable<T> rows, int id, CancellationToken ct) where T : class =>
        rows.AsNoTracking().Where(r => EF.Property<int>(r, "Id") == id).Select(r => (int?)EF.Property<int>(r, "Version")).FirstOrDefaultAsync(ct);
}
