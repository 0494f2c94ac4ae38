using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace SupplyTracker.Api;

/// <summary>
/// Two $filter operators OData 9.5 binds into expressions EF Core gets wrong or cannot translate:
/// <c>has</c> on an enum that is not a flags enum is equality (EF compared the stored text bitwise and found nothing), and
/// <c>navigation eq/ne null</c> on a single-valued navigation is a test of its foreign key (<c>donor ne null</c> → <c>DonorId != null</c>),
/// since the navigation is a projected object SQL cannot compare with null.
/// </summary>
public sealed class ODataFilterBinder : FilterBinder
{
    public override Expression BindBinaryOperatorNode(BinaryOperatorNode binaryOperatorNode, QueryBinderContext context)
    {
        ArgumentNullException.ThrowIfNull(binaryOperatorNode);
        if (binaryOperatorNode.OperatorKind == BinaryOperatorKind.Has && Unwrap(binaryOperatorNode.Left).TypeReference?.Definition is IEdmEnumType { IsFlags: false })
            return base.BindBinaryOperatorNode(new BinaryOperatorNode(BinaryOperatorKind.Equal, binaryOperatorNode.Left, binaryOperatorNode.Right), context);
        if (binaryOperatorNode.OperatorKind is BinaryOperatorKind.Equal or BinaryOperatorKind.NotEqual
            && (NullTest(binaryOperatorNode.Left, binaryOperatorNode.Right) ?? NullTest(binaryOperatorNode.Right, binaryOperatorNode.Left)) is { } navigation
            && ForeignKey(navigation, context) is { } key)
        {
            var nullable = Nullable.GetUnderlyingType(key.Type) is null && key.Type.IsValueType ? Expression.Convert(key, typeof(Nullable<>).MakeGenericType(key.Type)) : key;
            var none = Expression.Constant(null, nullable.Type);
            return binaryOperatorNode.OperatorKind == BinaryOperatorKind.Equal ? Expression.Equal(nullable, none) : Expression.NotEqual(nullable, none);
        }
        return base.BindBinaryOperatorNode(binaryOperatorNode, context);
    }

    private static SingleValueNode Unwrap(SingleValueNode node) => node is ConvertNode convert ? Unwrap(convert.Source) : node;

    private static SingleNavigationNode? NullTest(SingleValueNode navigation, SingleValueNode constant) =>
        Unwrap(navigation) is SingleNavigationNode node && Unwrap(constant) is ConstantNode { Value: null } ? node : null;

    /// <summary>The <c>{Navigation}Id</c> property beside the navigation, on the expression of its source; null when there is none.</summary>
    private Expression? ForeignKey(SingleNavigationNode navigation, QueryBinderContext context)
    {
        var source = Bind(navigation.Source, context);
        var property = source.Type.GetProperty(navigation.NavigationProperty.Name + "Id", BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is null ? null : Expression.Property(source, property);
    }
}
