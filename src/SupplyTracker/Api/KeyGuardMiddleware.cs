using Microsoft.AspNetCore.Mvc;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Api;

/// <summary>
/// Refuses a key written as several unnamed values, <c>Items(1,2)</c>: the OData library answers it with the entity of
/// the first value (OData/AspNetCoreOData#742, open). Every set here has a one-property key, and OData writes a composite
/// key or function parameters as <c>name=value</c>, so a top-level comma without any <c>=</c> is never a valid URL.
/// </summary>
public sealed class KeyGuardMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        // $crossjoin(Items,Locations) is OData grammar this service does not implement: say so, not "several values".
        if (context.Request.Path.StartsWithSegments("/odata", StringComparison.OrdinalIgnoreCase, out var after)
            && after.Value?.TrimStart('/').StartsWith("$crossjoin", StringComparison.OrdinalIgnoreCase) == true)
        {
            return context.WriteProblemAsync(new ProblemDetails
            {
                Status = StatusCodes.Status501NotImplemented,
                Title = "$crossjoin is not implemented.",
                Detail = "$crossjoin is not implemented by this service; read each entity set and join them on their keys.",
                Extensions = { ["code"] = SupplyTracker.Domain.ErrorCodes.HttpNotImplemented.Value, ["field"] = "$crossjoin" },
            });
        }
        if (context.Request.Path.StartsWithSegments("/odata", StringComparison.OrdinalIgnoreCase, out var rest)
            && rest.Value is { } path && path.Contains(',', StringComparison.Ordinal)
            && path.Split('/').FirstOrDefault(HasUnnamedValues) is { } segment)
        {
            return context.WriteProblemAsync(new ValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["key"] = [$"'{Shorten(segment)}' gives several values; a key is one value, e.g. Items(1)."],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = SupplyTracker.Infrastructure.ProblemDetailsExceptionHandler.InvalidTitle,
                Extensions = { ["code"] = ProblemDetailsExceptionHandler.InvalidCode },
            });
        }
        return next(context);
    }

    /// <summary>A segment <c>Name(…)</c> whose parentheses hold a comma outside quotes and no <c>=</c> outside quotes.</summary>
    internal static bool HasUnnamedValues(string segment)
    {
        var open = segment.IndexOf('(', StringComparison.Ordinal);
        if (open < 0 || !segment.EndsWith(')')) return false;
        bool quoted = false, comma = false;
        foreach (var c in segment.AsSpan(open + 1, segment.Length - open - 2))
        {
            if (c == '\'') quoted = !quoted;   // '' inside a string toggles twice
            else if (!quoted && c == '=') return false;
            else if (!quoted && c == ',') comma = true;
        }
        return comma;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
