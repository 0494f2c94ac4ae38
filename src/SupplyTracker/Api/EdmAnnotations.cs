using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.AspNetCore.OData.Edm;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm.Vocabularies;
using Microsoft.OData.Edm.Vocabularies.V1;

namespace SupplyTracker.Api;

/// <summary>
/// What a generated client needs to know and cannot guess, written into $metadata from conventions, so every entity set
/// (today's and those added later) gets it without a list here:
/// <list type="bullet">
/// <item>Core.Computed + Core.Permissions/Read on what the server assigns: integer keys, <c>[ConcurrencyCheck]</c> versions,
/// audit fields (<c>…By</c> strings, <c>…At</c> instants) and anything marked <c>[Editable(false)]</c>;
/// Core.Immutable on what a client sets once: <c>[Editable(false, AllowInitialValue = true)]</c> (codes) and non-integer keys.</item>
/// <item>Capabilities per entity set: Insert/Update/Delete restrictions from the controller's Post/Patch/Put/Delete actions,
/// SearchRestrictions from the search binder, FilterFunctions from the query allow-list, Top/Skip/Count/Expand support and
/// read-only navigations.</item>
/// <item>Core.ODataVersions on the container.</item>
/// </list>
/// </summary>
public static class EdmAnnotations
{
    private const string Capabilities = "Org.OData.Capabilities.V1.";

    public static void Apply(Microsoft.OData.Edm.EdmModel model, Assembly controllers)
    {
        foreach (var type in model.SchemaElements.OfType<IEdmEntityType>())
            AnnotateProperties(model, type);
        foreach (var set in model.EntityContainer.EntitySets())
            AnnotateSet(model, set, controllers);
        model.SetVocabularyAnnotation(new EdmVocabularyAnnotation(model.EntityContainer, CoreVocabularyModel.Instance.FindTerm("Org.OData.Core.V1.ODataVersions"),
            new EdmStringConstant("4.0 4.01")));
        model.SetEdmReferences([Reference("Org.OData.Core.V1", "Core"), Reference("Org.OData.Capabilities.V1", "Capabilities")]);
    }

    /// <summary>Fields a client does not set: it may leave them out of a create or update, and what it sends is ignored.</summary>
    public static bool IsServerOwned(PropertyInfo property, bool isKey) =>
        property.GetCustomAttribute<EditableAttribute>() is { AllowEdit: false, AllowInitialValue: false }
        || property.GetCustomAttribute<ConcurrencyCheckAttribute>() is not null
        || (isKey && property.PropertyType is var t && (t == typeof(int) || t == typeof(long)))
        || (property.Name.EndsWith("By", StringComparison.Ordinal) && property.PropertyType == typeof(string))
        || (property.Name.EndsWith("At", StringComparison.Ordinal) && Nullable.GetUnderlyingType(property.PropertyType) is var u
            && (u ?? property.PropertyType) is var at && (at == typeof(DateTime) || at == typeof(DateTimeOffset)));

    /// <summary>Fields a client sets on create and never changes.</summary>
    public static bool IsImmutable(PropertyInfo property, bool isKey) =>
        property.GetCustomAttribute<EditableAttribute>() is { AllowEdit: false, AllowInitialValue: true } || (isKey && !IsServerOwned(property, isKey));

    private static void AnnotateProperties(Microsoft.OData.Edm.EdmModel model, IEdmEntityType type)
    {
        if (model.GetAnnotationValue<Microsoft.OData.ModelBuilder.ClrTypeAnnotation>(type)?.ClrType is not { } clr) return;
        var keys = type.Key().ToHashSet();
        foreach (var property in type.DeclaredStructuralProperties())
        {
            if (clr.GetProperty(model.GetClrPropertyName(property) ?? property.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not { } info)
                continue;
            var isKey = keys.Contains(property);
            if (IsServerOwned(info, isKey))
            {
                Annotate(model, property, CoreVocabularyModel.ComputedTerm, new EdmBooleanConstant(true));
                Annotate(model, property, CoreVocabularyModel.PermissionsTerm,
                    new EdmEnumMemberExpression(((IEdmEnumType)CoreVocabularyModel.PermissionsTerm.Type.Definition.AsElementType()).Members.Single(m => m.Name == "Read")));
            }
            else if (IsImmutable(info, isKey))
                Annotate(model, property, CoreVocabularyModel.ImmutableTerm, new EdmBooleanConstant(true));
        }
    }

    private static void AnnotateSet(Microsoft.OData.Edm.EdmModel model, IEdmEntitySet set, Assembly controllers)
    {
        var controller = controllers.GetTypes().FirstOrDefault(t => t.Name == set.Name + "Controller" && typeof(ApiController).IsAssignableFrom(t));
        bool Has(params string[] names) => controller?.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => names.Contains(m.Name)) == true;
        Annotate(model, set, Term("InsertRestrictions"), Record(("Insertable", new EdmBooleanConstant(Has("Post")))));
        Annotate(model, set, Term("UpdateRestrictions"), Record(("Updatable", new EdmBooleanConstant(Has("Patch", "Put")))));
        Annotate(model, set, Term("DeleteRestrictions"), Record(("Deletable", new EdmBooleanConstant(Has("Delete")))));
        var clr = model.GetAnnotationValue<Microsoft.OData.ModelBuilder.ClrTypeAnnotation>(set.EntityType)?.ClrType;
        Annotate(model, set, Term("SearchRestrictions"), Record(("Searchable", new EdmBooleanConstant(clr is not null && SearchBinder.Supports(clr)))));
        Annotate(model, set, Term("TopSupported"), new EdmBooleanConstant(true));
        Annotate(model, set, Term("SkipSupported"), new EdmBooleanConstant(true));
        Annotate(model, set, Term("CountRestrictions"), Record(("Countable", new EdmBooleanConstant(true))));
        Annotate(model, set, Term("ExpandRestrictions"), Record(("Expandable", new EdmBooleanConstant(true)), ("MaxLevels", new EdmIntegerConstant(3))));
        Annotate(model, set, Term("FilterFunctions"), new EdmCollectionExpression(FilterFunctions().Select(f => (IEdmExpression)new EdmStringConstant(f))));
        var navigations = set.EntityType.NavigationProperties().ToList();
        if (navigations.Count == 0) return;
        var navigationType = (IEdmEnumType)model.FindType(Capabilities + "NavigationType")!;
        Annotate(model, set, Term("NavigationRestrictions"), Record(
            ("Navigability", new EdmEnumMemberExpression(navigationType.Members.Single(m => m.Name == "Single"))),
            ("RestrictedProperties", new EdmCollectionExpression(navigations.Select(n => (IEdmExpression)Record(
                ("NavigationProperty", new EdmNavigationPropertyPathExpression(n.Name)),
                ("InsertRestrictions", Record(("Insertable", new EdmBooleanConstant(false)))),
                ("UpdateRestrictions", Record(("Updatable", new EdmBooleanConstant(false)))),
                ("DeleteRestrictions", Record(("Deletable", new EdmBooleanConstant(false)))))))
        )));
    }

    /// <summary>The canonical functions $filter accepts, as Capabilities.FilterFunctions names them (lambda operators are not functions).</summary>
    public static IReadOnlyList<string> FilterFunctions() =>
        [.. Enum.GetValues<AllowedFunctions>()
            .Where(f => f is not (AllowedFunctions.Any or AllowedFunctions.All) && ((long)f & ((long)f - 1)) == 0 && (long)f != 0
                && ApiQueryAttribute.Functions.HasFlag(f))
            .Select(f => f.ToString().ToLowerInvariant())
            .Distinct()];

    private static IEdmTerm Term(string name) =>
        CapabilitiesVocabularyModel.Instance.FindTerm(Capabilities + name) ?? throw new InvalidOperationException($"No term Capabilities.{name}.");

    private static EdmRecordExpression Record(params (string Name, IEdmExpression Value)[] properties) =>
        new([.. properties.Select(p => (IEdmPropertyConstructor)new EdmPropertyConstructor(p.Name, p.Value))]);

    private static void Annotate(Microsoft.OData.Edm.EdmModel model, IEdmVocabularyAnnotatable target, IEdmTerm term, IEdmExpression value)
    {
        var annotation = new EdmVocabularyAnnotation(target, term, value);
        annotation.SetSerializationLocation(model, EdmVocabularyAnnotationSerializationLocation.Inline);
        model.SetVocabularyAnnotation(annotation);
    }

    private static EdmReference Reference(string vocabulary, string alias)
    {
        var reference = new EdmReference(new Uri($"https://oasis-tcs.github.io/odata-vocabularies/vocabularies/{vocabulary}.xml"));
        reference.AddInclude(new EdmInclude(alias, vocabulary));
        return reference;
    }
}
