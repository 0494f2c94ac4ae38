using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace SupplyTracker.Api;

/// <summary>
/// [EnableQuery] with the limits every list in the API shares, plus the holes of OData 9.5 closed: $apply and $compute
/// get the same function allow-list and size limits as $filter, $search must be honoured, and results are read from
/// the database before the response starts, so a query the database cannot run answers 400, never 200 and a cut body.
/// </summary>
public sealed partial class ApiQueryAttribute : EnableQueryAttribute
{
    public const int PageSizeDefault = 100;
    public const int MaxTopDefault = 1000;
    private const int MaxTransformationLength = 2000;

    // SQLite cannot evaluate these; the rest of the canonical functions translate.
    public const AllowedFunctions Functions = AllowedFunctions.AllFunctions
        & ~AllowedFunctions.MatchesPattern & ~AllowedFunctions.FractionalSeconds
        & ~AllowedFunctions.Time & ~AllowedFunctions.IsOf;

    private static readonly HashSet<string> TransformationWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "groupby", "aggregate", "filter", "compute", "rollup", "with", "as", "sum", "min", "max", "average", "countdistinct",
        "contains", "startswith", "endswith", "length", "indexof", "substring", "tolower", "toupper", "trim", "concat",
        "year", "month", "day", "hour", "minute", "second", "date", "round", "floor", "ceiling", "any", "all", "not", "and", "or",
    };

    public ApiQueryAttribute()
    {
        PageSize = PageSizeDefault;
        MaxTop = MaxTopDefault;
        MaxExpansionDepth = 3;
        MaxAnyAllExpressionDepth = 2;
        MaxNodeCount = 100;
        MaxOrderByNodeCount = 5;
        AllowedFunctions = Functions;
    }

    public override void OnActionExecuting(Microsoft.AspNetCore.Mvc.Filters.ActionExecutingContext actionExecutingContext)
    {
        // The page size is configuration (Api:PageSize); the attribute instance is shared, the value is the same for all.
        var configured = actionExecutingContext.HttpContext.RequestServices.GetRequiredService<IConfiguration>().GetValue("Api:PageSize", PageSizeDefault);
        if (PageSize != configured) PageSize = configured;
        base.OnActionExecuting(actionExecutingContext);
    }

    public override void ValidateQuery(HttpRequest request, ODataQueryOptions queryOptions)
    {
        ValidateTransformation("$apply", queryOptions.RawValues.Apply);
        ValidateTransformation("$compute", queryOptions.RawValues.Compute);
        if (queryOptions.RawValues.Search is not null && !SearchBinder.Supports(queryOptions.Context.ElementClrType))
            throw new SearchNotSupportedException(queryOptions.Context.ElementClrType);
        base.ValidateQuery(request, queryOptions);
        if (queryOptions.SelectExpand?.SelectExpandClause is { } clause)
            ValidateExpansionPaging(clause);
    }

    // OData 9.5 checks $top inside $expand against MaxTop only while it fits an int: $top=2147483648 there went through
    // and every expanded collection came back silently empty.
    private void ValidateExpansionPaging(SelectExpandClause clause)
    {
        foreach (var expansion in clause.SelectedItems.OfType<ExpandedNavigationSelectItem>())
        {
            if (expansion.TopOption is { } top && (top < 0 || top > MaxTop))
                throw new ODataException($"$top inside $expand must be between 0 and {MaxTop}.");
            if (expansion.SkipOption is { } skip && (skip < 0 || skip > int.MaxValue))
                throw new ODataException($"$skip inside $expand must be between 0 and {int.MaxValue}.");
            if (expansion.SelectAndExpand is not null)
                ValidateExpansionPaging(expansion.SelectAndExpand);
        }
    }

    public override IQueryable ApplyQuery(IQueryable queryable, ODataQueryOptions queryOptions)
    {
        var result = base.ApplyQuery(queryable, queryOptions);
        if (result is ICollection) return result;
        // Read it all now: failures surface here, inside the filter's error handling, not half way through the body.
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(result.ElementType))!;
        foreach (var row in result) list.Add(row);
        return Queryable.AsQueryable(list);
    }

    private static void ValidateTransformation(string option, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (value.Length > MaxTransformationLength)
            throw new ODataException($"{option} is longer than {MaxTransformationLength} characters.");
        var calls = FunctionCall().Matches(value);
        if (calls.Count > 20)
            throw new ODataException($"{option} uses more than 20 functions or transformations.");
        foreach (Match call in calls)
        {
            if (!TransformationWords.Contains(call.Groups[1].Value))
                throw new ODataException($"{option}: the function '{call.Groups[1].Value}' is not allowed.");
        }
    }

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)\s*\(")]
    private static partial Regex FunctionCall();
}

/// <summary>$search on a set that has no text to search (mapped to 501, never silently ignored).</summary>
public sealed class SearchNotSupportedException(Type type)
    : Exception($"$search is not supported on {type.Name.Replace("Dto", "", StringComparison.Ordinal)}; use $filter.");
