using Microsoft.AspNetCore.Mvc;
using Microsoft.OData.Edm;
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
        RewriteAddress(context);
        return next(context);
    }

    /// <summary>
    /// Two spellings of an entity's address that OData routing does not match, rewritten to the one it does:
    /// a key by name, <c>Items(id=1)</c> → <c>Items(1)</c> (URL Conventions §4.3.1), and <c>$entity?$id=Items(1)</c> → <c>Items(1)</c>
    /// with the other query options kept (§4.12).
    /// </summary>
    private static void RewriteAddress(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/odata", StringComparison.OrdinalIgnoreCase, out var rest) || rest.Value is not { Length: > 1 } path) return;
        if (path.Equals("/$entity", StringComparison.Ordinal) && request.Query.TryGetValue("$id", out var id) && id.ToString() is { Length: > 0 } target)
        {
            var relative = Uri.TryCreate(target, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : target;
            var at = relative.IndexOf("/odata/", StringComparison.OrdinalIgnoreCase);
            path = "/" + (at >= 0 ? relative[(at + "/odata/".Length)..] : relative.TrimStart('/'));
            request.QueryString = QueryString.Create(request.Query.Where(q => q.Key != "$id").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))));
        }
        if (request.QueryString.Value?.Contains("divby", StringComparison.Ordinal) == true)
            request.QueryString = QueryString.Create(request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key,
                q.Key is "$filter" or "$orderby" or "$compute" or "$apply" && v is not null ? DivBy(v) : v))));
        if (path.Contains('=', StringComparison.Ordinal))
        {
            var model = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.OData.ODataOptions>>().Value
                .RouteComponents.TryGetValue("odata", out var component) ? component.EdmModel : null;
            if (model is not null) path = string.Join('/', path.Split('/').Select(segment => KeyByPosition(model, segment)));
        }
        request.Path = "/odata" + path;
    }

    /// <summary>
    /// 4.01's <c>divby</c> (division with a fractional result; OData 9.5's parser knows only 4.0's <c>div</c>) as
    /// <c>mul 1.0 div</c>: the same precedence and associativity, and a fractional result for integer operands.
    /// </summary>
    internal static string DivBy(string expression)
    {
        var parts = expression.Split('\'');
        for (var i = 0; i < parts.Length; i += 2)   // even parts are outside string literals ('' toggles twice)
            parts[i] = System.Text.RegularExpressions.Regex.Replace(parts[i], @"(?<=\s)divby(?=\s)", "mul 1.0 div");
        return string.Join('\'', parts);
    }

    /// <summary><c>Items(id=1)</c> as <c>Items(1)</c> when Items is an entity set or a contained collection whose one key is id.</summary>
    private static string KeyByPosition(IEdmModel model, string segment)
    {
        var match = System.Text.RegularExpressions.Regex.Match(segment, @"^([A-Za-z_]\w*)\(([A-Za-z_]\w*)=([^=,]+)\)$");
        if (!match.Success) return segment;
        var name = match.Groups[1].Value;
        var type = model.EntityContainer?.FindEntitySet(name)?.EntityType
            ?? model.SchemaElements.OfType<IEdmEntityType>().SelectMany(t => t.DeclaredNavigationProperties())
                .FirstOrDefault(n => n.ContainsTarget && n.Name == name)?.ToEntityType();
        return type?.Key().SingleOrDefault() is { } key && key.Name.Equals(match.Groups[2].Value, StringComparison.OrdinalIgnoreCase)
            ? $"{name}({match.Groups[3].Value})"
            : segment;
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
