using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.OData;
using Microsoft.OData.Edm;
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

    public override void OnActionExecuted(Microsoft.AspNetCore.Mvc.Filters.ActionExecutedContext actionExecutedContext)
    {
        base.OnActionExecuted(actionExecutedContext);
        ContainedAggregation.Wrap(actionExecutedContext);
        MinimalListPayload.TryReplace(actionExecutedContext);
    }

    // Canonical functions the grammar has and this service does not evaluate: 501, as Protocol §9.3.1 asks, not 400.
    private static readonly HashSet<string> NotImplementedFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "time", "matchesPattern", "fractionalseconds", "totaloffsetminutes", "totalseconds", "isof",
        "distance", "intersects", "case",
    };

    public override void ValidateQuery(HttpRequest request, ODataQueryOptions queryOptions)
    {
        foreach (var (option, value) in new[] { ("$filter", queryOptions.RawValues.Filter), ("$orderby", queryOptions.RawValues.OrderBy),
                     ("$compute", queryOptions.RawValues.Compute), ("$apply", queryOptions.RawValues.Apply) })
        {
            if (string.IsNullOrEmpty(value)) continue;
            foreach (Match call in FunctionCall().Matches(value))
            {
                if (NotImplementedFunctions.Contains(call.Groups[1].Value))
                    throw new QueryNotImplementedException(option, $"the function '{call.Groups[1].Value}'");
            }
        }
        if (queryOptions.Filter?.FilterClause.Expression is { } filter && DecimalRounding(filter) is { } rounding)
            throw new QueryNotImplementedException("$filter", $"'{rounding}' of a decimal value");
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
        // A computed value of a null column (length(email) where email is null) is null: with null propagation off (what
        // OData picks for EF) it was read into an int and failed with "Nullable object must have a value".
        var result = queryOptions.RawValues.Compute is { Length: > 0 } || queryOptions.RawValues.Apply?.Contains("compute", StringComparison.OrdinalIgnoreCase) == true
            ? queryOptions.ApplyTo(queryable, new ODataQuerySettings
            {
                PageSize = PageSize > 0 ? PageSize : null,
                EnsureStableOrdering = EnsureStableOrdering,
                HandleNullPropagation = HandleNullPropagationOption.True,
                EnableConstantParameterization = EnableConstantParameterization,
                EnableCorrelatedSubqueryBuffering = EnableCorrelatedSubqueryBuffering,
                HandleReferenceNavigationPropertyExpandFilter = HandleReferenceNavigationPropertyExpandFilter,
                TimeZone = TimeZoneInfo.Utc,
            })
            : base.ApplyQuery(queryable, queryOptions);
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

    /// <summary>round, floor or ceiling of an Edm.Decimal anywhere in the filter (SQLite keeps decimals as text).</summary>
    private static string? DecimalRounding(QueryNode node) => node switch
    {
        SingleValueFunctionCallNode { Name: "round" or "floor" or "ceiling" } call
            when call.Parameters.FirstOrDefault() is SingleValueNode { TypeReference: { } type } && type.IsDecimal() => call.Name,
        SingleValueFunctionCallNode call => call.Parameters.Select(DecimalRounding).FirstOrDefault(r => r is not null),
        BinaryOperatorNode binary => DecimalRounding(binary.Left) ?? DecimalRounding(binary.Right),
        UnaryOperatorNode unary => DecimalRounding(unary.Operand),
        ConvertNode convert => DecimalRounding(convert.Source),
        AnyNode any => DecimalRounding(any.Body),
        AllNode all => DecimalRounding(all.Body),
        InNode @in => DecimalRounding(@in.Left),
        _ => null,
    };

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)\s*\(")]
    private static partial Regex FunctionCall();
}

/// <summary>A part of the OData grammar this service does not implement (mapped to 501 with the option as target).</summary>
public sealed class QueryNotImplementedException(string option, string what)
    : Exception($"{option}: {what} is not implemented by this service.")
{
    public string Option { get; } = option;
}

/// <summary>$search on a set that has no text to search (mapped to 501, never silently ignored).</summary>
public sealed class SearchNotSupportedException(Type type)
    : Exception($"$search is not supported on {type.Name.Replace("Dto", "", StringComparison.Ordinal)}; use $filter.");
