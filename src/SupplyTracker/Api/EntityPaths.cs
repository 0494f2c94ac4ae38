using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Extensions;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using SupplyTracker.Domain;

namespace SupplyTracker.Api;

// The addresses below an entity that PathRoutingConvention routes here. Each reads through the controller's own Get(),
// so station scope and the donor-contact rule apply exactly as they do to the set.
public abstract partial class ApiController
{
    /// <summary>The controller's <c>IQueryable&lt;T&gt; Get()</c>: the rows this caller may see.</summary>
    internal static MethodInfo? RowsMethod(Type controller) =>
        controller.GetMethod("Get", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is { } method
        && method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(IQueryable<>) ? method : null;

    /// <summary><c>Set(key)/navigation</c>, <c>…/navigation/$count</c> and a contained <c>…/navigation(key)</c>.</summary>
    [ApiQuery]
    public async Task<IActionResult> ReadNavigation(CancellationToken ct)
    {
        var path = Request.ODataFeature().Path;
        var one = await OneAsync(path, ct);
        var segment = path.OfType<NavigationPropertySegment>().Single();
        var property = ClrProperty(one.ElementType, segment.NavigationProperty.Name);
        if (!segment.NavigationProperty.Type.IsCollection())
            return Ok(Single(Project(one, "Select", property, property.PropertyType)));
        var element = segment.NavigationProperty.ToEntityType();
        var lines = Project(one, "SelectMany", property, ElementOf(property.PropertyType));
        return path.OfType<KeySegment>().Skip(1).FirstOrDefault() is { } related
            ? Ok(Single(WhereKey(lines, related)))
            : Ok(lines);
    }

    /// <summary><c>Set(key)/navigation/$ref</c>: the address of the related entity (or entities).</summary>
    public async Task<IActionResult> ReadReference(CancellationToken ct)
    {
        var path = Request.ODataFeature().Path;
        var one = await OneAsync(path, ct);
        var segment = path.OfType<NavigationPropertyLinkSegment>().Single();
        var navigation = segment.NavigationProperty;
        var property = ClrProperty(one.ElementType, navigation.Name);
        var type = navigation.ToEntityType();
        var keyName = type.Key().Single().Name;
        Uri Link(object target)
        {
            var key = new KeySegment([new KeyValuePair<string, object>(keyName, ClrProperty(target.GetType(), keyName).GetValue(target)!)], type, segment.NavigationSource);
            return new Uri(navigation.ContainsTarget
                ? Request.CreateODataLink(path.FirstSegment, path.ElementAt(1), new NavigationPropertySegment(navigation, segment.NavigationSource), key)
                : Request.CreateODataLink(new EntitySetSegment((IEdmEntitySet)segment.NavigationSource), key));
        }
        if (!navigation.Type.IsCollection())
        {
            var target = await ExecuteAsync(Project(one, "Select", property, property.PropertyType), nameof(Queryable.FirstOrDefault), ct);
            return target is null ? NoContent() : Ok(Link(target));
        }
        var rows = Project(one, "SelectMany", property, ElementOf(property.PropertyType));
        var list = (System.Collections.IEnumerable)(await ExecuteAsync(rows, "ToList", ct))!;
        return Ok(list.Cast<object>().Select(Link).ToList());
    }

    /// <summary><c>Set(key)/property</c> and <c>…/property/$value</c>; 204 (or 404 for $value) when the value is null.</summary>
    public async Task<IActionResult> ReadProperty(CancellationToken ct)
    {
        var path = Request.ODataFeature().Path;
        var one = await OneAsync(path, ct);
        var segment = path.OfType<PropertySegment>().Single();
        var entity = await ExecuteAsync(one, nameof(Queryable.FirstOrDefault), ct);
        var value = ClrProperty(one.ElementType, segment.Property.Name).GetValue(entity);
        if (value is null)
            return path.LastSegment is ValueSegment ? throw new NotFoundException(segment.Property.Name, path.OfType<KeySegment>().First().Keys.Single().Value) : NoContent();
        return Ok(value);
    }

    /// <summary>The entity the path starts at, as a one-row query; 404 when the caller cannot see it.</summary>
    private async Task<IQueryable> OneAsync(ODataPath path, CancellationToken ct)
    {
        var rows = (IQueryable)RowsMethod(GetType())!.Invoke(this, null)!;
        var key = path.OfType<KeySegment>().First();
        var one = WhereKey(rows, key);
        if (!(bool)(await ExecuteAsync(one, nameof(Queryable.Any), ct))!)
            throw new NotFoundException(((IEdmEntitySet)key.NavigationSource).Name, key.Keys.Single().Value);
        return one;
    }

    private static IQueryable WhereKey(IQueryable rows, KeySegment key)
    {
        var (name, value) = key.Keys.Single();
        var row = Expression.Parameter(rows.ElementType, "row");
        var property = ClrProperty(rows.ElementType, name);
        var converted = Convert.ChangeType(value, Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, System.Globalization.CultureInfo.InvariantCulture);
        var test = Expression.Lambda(Expression.Equal(Expression.Property(row, property), Expression.Constant(converted, property.PropertyType)), row);
        return rows.Provider.CreateQuery(Expression.Call(typeof(Queryable), nameof(Queryable.Where), [rows.ElementType], rows.Expression, Expression.Quote(test)));
    }

    private static IQueryable Project(IQueryable rows, string method, PropertyInfo property, Type result)
    {
        var row = Expression.Parameter(rows.ElementType, "row");
        // SelectMany takes Func<T, IEnumerable<TResult>>; the lambda is typed so, without a cast EF Core cannot translate.
        var returns = method == "SelectMany" ? typeof(IEnumerable<>).MakeGenericType(result) : result;
        var selector = Expression.Lambda(typeof(Func<,>).MakeGenericType(rows.ElementType, returns), Expression.Property(row, property), row);
        return rows.Provider.CreateQuery(Expression.Call(typeof(Queryable), method, [rows.ElementType, result], rows.Expression, Expression.Quote(selector)));
    }

    private static object Single(IQueryable rows) =>
        typeof(SingleResult).GetMethod(nameof(SingleResult.Create))!.MakeGenericMethod(rows.ElementType).Invoke(null, [rows])!;

    private static Type ElementOf(Type collection) =>
        collection.GetInterfaces().Append(collection).First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)).GetGenericArguments()[0];

    private static PropertyInfo ClrProperty(Type type, string edmName) =>
        type.GetProperty(edmName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
        ?? throw new InvalidOperationException($"{type.Name} has no property for '{edmName}'.");

    /// <summary>Any, FirstOrDefault or ToList of a query, asynchronously when the provider is EF Core's.</summary>
    private static async Task<object?> ExecuteAsync(IQueryable rows, string operation, CancellationToken ct)
    {
        if (operation == "ToList")
        {
            var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(rows.ElementType))!;
            foreach (var row in rows) list.Add(row);
            return list;
        }
        var call = Expression.Call(typeof(Queryable), operation, [rows.ElementType], rows.Expression);
        if (rows.Provider is not IAsyncQueryProvider provider) return rows.Provider.Execute(call);
        var result = operation == nameof(Queryable.Any) ? typeof(bool) : rows.ElementType;
        var task = (Task)typeof(IAsyncQueryProvider).GetMethod(nameof(IAsyncQueryProvider.ExecuteAsync))!
            .MakeGenericMethod(typeof(Task<>).MakeGenericType(result)).Invoke(provider, [call, ct])!;
        await task;
        return task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
    }
}
