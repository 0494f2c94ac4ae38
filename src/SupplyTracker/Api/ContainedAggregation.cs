using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.OData.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace SupplyTracker.Api;

/// <summary>
/// $apply on a contained collection (<c>Donations(1)/lines?$apply=groupby(…)</c>): OData 9.5's formatter declines the
/// aggregated rows there and they went out as a bare JSON array with enums as numbers. Written here as the OData payload
/// an entity set's $apply gets: <c>@odata.context</c> naming the path and the grouped properties, <c>value</c>, enums by name.
/// </summary>
internal static class ContainedAggregation
{
    public static void Wrap(ActionExecutedContext context)
    {
        var request = context.HttpContext.Request;
        if (context.Result is not ObjectResult { Value: IEnumerable rows } result || rows is string
            || !request.Query.TryGetValue("$apply", out var apply) || string.IsNullOrWhiteSpace(apply)
            || request.ODataFeature().Path?.LastSegment is not NavigationPropertySegment) return;
        var mvc = context.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
        var options = new JsonSerializerOptions(mvc);
        options.Converters.Add(new JsonStringEnumConverter());
        var list = rows.Cast<object>().ToList();
        var properties = list.Count > 0 ? JsonSerializer.SerializeToElement(list[0], options).EnumerateObject().Select(p => p.Name).ToList() : [];
        var path = request.ODataFeature().Path!;
        var context_ = $"{request.CreateODataLink()}/$metadata#{path.ToResourcePathString(ODataUrlKeyDelimiter.Parentheses)}({string.Join(',', properties)})";
        context.Result = new JsonResult(new Dictionary<string, object?> { ["@odata.context"] = context_.Replace("//$metadata", "/$metadata", StringComparison.Ordinal), ["value"] = list }, options)
        {
            StatusCode = result.StatusCode ?? StatusCodes.Status200OK,
            ContentType = ODataErrors.ContentType,
        };
    }
}
