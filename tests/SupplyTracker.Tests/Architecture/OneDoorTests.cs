using System.Reflection;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;

namespace SupplyTracker.Tests.Architecture;

/// <summary>Pages are a door, not a data layer: every read goes through a Mediator query in Features.</summary>
public sealed class OneDoorTests
{
    private const BindingFlags Members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly HashSet<Type> Entities = typeof(SupplyTrackerDbContext).GetProperties()
        .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>))
        .Select(p => p.PropertyType.GetGenericArguments()[0]).ToHashSet();

    /// <summary>The DbContext, a DbSet of anything, or a query over an entity.</summary>
    internal static bool IsDataAccess(Type type) =>
        typeof(DbContext).IsAssignableFrom(type)
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(DbSet<>))
        || (type.IsGenericType && typeof(IQueryable).IsAssignableFrom(type) && type.GetGenericArguments().Any(Entities.Contains))
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IQueryable<>) && Entities.Contains(type.GetGenericArguments()[0]));

    internal static IEnumerable<string> DataAccessIn(IEnumerable<Type> types) =>
        from type in types
        from found in type.GetConstructors(Members).SelectMany(c => c.GetParameters()).Select(p => (Kind: "constructor parameter", p.Name, Type: p.ParameterType))
            .Concat(type.GetFields(Members).Select(f => (Kind: "field", Name: (string?)f.Name, Type: f.FieldType)))
            .Concat(type.GetProperties(Members).Select(p => (Kind: "property", Name: (string?)p.Name, Type: p.PropertyType)))
        where IsDataAccess(found.Type)
        select $"{type.FullName}: {found.Kind} {found.Name} of type {found.Type.Name}";

    private static IEnumerable<Type> PageTypes() =>
        typeof(Program).Assembly.GetTypes().Where(t => t.Namespace is { } ns && (ns == "SupplyTracker.Pages" || ns.StartsWith("SupplyTracker.Pages.", StringComparison.Ordinal)));

    [Fact]
    public void No_type_under_Pages_takes_or_holds_the_DbContext_a_DbSet_or_a_query_over_an_entity()
    {
        Assert.NotEmpty(PageTypes());
        Assert.Empty(DataAccessIn(PageTypes()));
    }

    // The check itself must see what the pages used to do: take the DbContext in a primary constructor (captured as a field).
    private sealed class PageThatReadsEf(SupplyTrackerDbContext db)
    {
        public int Count() => db.Items.Count();
    }

    private sealed class PageThatHoldsAQuery
    {
        public IQueryable<SupplyTracker.Domain.Item>? Items { get; set; }
    }

    [Fact]
    public void The_check_finds_a_page_that_takes_the_DbContext_or_holds_a_query_over_an_entity()
    {
        Assert.Equal(2, DataAccessIn([typeof(PageThatReadsEf)]).Count());
        Assert.Equal(2, DataAccessIn([typeof(PageThatHoldsAQuery)]).Count()); // the property and its backing field
    }
}
