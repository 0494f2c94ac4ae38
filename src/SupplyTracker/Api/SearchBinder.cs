using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.OData.UriParser;
using SupplyTracker.Domain;

namespace SupplyTracker.Api;

/// <summary>$search over names (in all three languages) and codes: every term must appear in one of them.</summary>
public sealed class SearchBinder : ISearchBinder
{
    private static readonly Dictionary<Type, string[]> SearchableProperties = new()
    {
        [typeof(ItemDto)] = [nameof(ItemDto.Code), nameof(ItemDto.NameZhHant), nameof(ItemDto.NameZhHans), nameof(ItemDto.NameEn), nameof(ItemDto.ProductStandard)],
        [typeof(LocationDto)] = [nameof(LocationDto.Code), nameof(LocationDto.Name), nameof(LocationDto.NameZhHans), nameof(LocationDto.NameEn)],
        [typeof(DonorDto)] = [nameof(DonorDto.Name)],
        [typeof(DonationDto)] = [nameof(DonationDto.Reference), nameof(DonationDto.Note)],
        [typeof(StockBalanceDto)] = [nameof(StockBalanceDto.LotNumber)],
        [typeof(StockMovementDto)] = [nameof(StockMovementDto.LotNumber)],
    };

    private static readonly MethodInfo Contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;

    public static bool Supports(Type type) => SearchableProperties.ContainsKey(type);

    public Expression BindSearch(SearchClause searchClause, QueryBinderContext context)
    {
        var type = context.ElementClrType;
        if (!SearchableProperties.TryGetValue(type, out var properties))
            throw new SearchNotSupportedException(type);
        var parameter = Expression.Parameter(type, "$it");
        var body = Bind(searchClause.Expression, parameter, properties);
        return Expression.Lambda(body, parameter);
    }

    private static Expression Bind(SingleValueNode node, ParameterExpression parameter, string[] properties) => node switch
    {
        SearchTermNode term => AnyPropertyContains(term.Text, parameter, properties),
        BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and =>
            Expression.AndAlso(Bind(and.Left, parameter, properties), Bind(and.Right, parameter, properties)),
        BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or =>
            Expression.OrElse(Bind(or.Left, parameter, properties), Bind(or.Right, parameter, properties)),
        UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } not => Expression.Not(Bind(not.Operand, parameter, properties)),
        _ => throw new DomainValidationException("$search", "$search supports terms combined with AND, OR and NOT only."),
    };

    private static Expression AnyPropertyContains(string text, ParameterExpression parameter, string[] properties)
    {
        Expression? result = null;
        foreach (var name in properties)
        {
            var property = Expression.Property(parameter, name);
            var match = Expression.AndAlso(
                Expression.NotEqual(property, Expression.Constant(null, typeof(string))),
                Expression.Call(property, Contains, Term(text)));
            result = result is null ? match : Expression.OrElse(result, match);
        }
        return result!;
    }

    // A captured value, not a constant: EF sends it as a parameter. Inlined as a SQL literal, a NUL in the term
    // ended SQLite's tokenizer mid-string ("unrecognized token") and the search answered 500.
    private static MemberExpression Term(string text) => Expression.Property(Expression.Constant(new SearchTerm(text)), nameof(SearchTerm.Text));

    private sealed record SearchTerm(string Text);
}
