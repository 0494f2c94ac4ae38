using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.OData.Extensions;
using Microsoft.AspNetCore.OData.Routing;
using Microsoft.AspNetCore.OData.Routing.Conventions;
using Microsoft.AspNetCore.OData.Routing.Template;
using Microsoft.OData.Edm;

namespace SupplyTracker.Api;

/// <summary>
/// Routes every address $metadata advertises below an entity, for every entity set with a controller, from the model
/// alone: <c>Set(key)/navigation</c>, <c>…/navigation(key)</c> for contained lines, <c>…/navigation/$count</c>,
/// <c>…/navigation/$ref</c>, <c>Set(key)/property</c> and <c>…/property/$value</c>. They are read-only: endpoint routing
/// answers any other method with 405 and an Allow header. A controller's own route for the same address wins.
/// </summary>
public sealed partial class PathRoutingConvention : IODataControllerActionConvention
{
    public int Order => 10_000;

    public bool AppliesToController(ODataControllerActionContext context) =>
        context.EntitySet is not null && typeof(ApiController).IsAssignableFrom(context.Controller.ControllerType)
        && ApiController.RowsMethod(context.Controller.ControllerType) is not null;

    public bool AppliesToAction(ODataControllerActionContext context)
    {
        var set = context.EntitySet;
        var type = context.EntityType;
        if (set is null || type is null) return false;
        var existing = ExistingTemplates(context.Controller);
        var templates = context.Action.ActionName switch
        {
            nameof(ApiController.ReadNavigation) => NavigationTemplates(set, type),
            nameof(ApiController.ReadReference) => ReferenceTemplates(set, type),
            nameof(ApiController.ReadProperty) => PropertyTemplates(set, type),
            _ => null,
        };
        if (templates is null) return false;
        foreach (var template in templates)
        {
            if (template.GetTemplates().Any(t => existing.Contains(Normalise(context.Prefix + "/" + t)))) continue;
            context.Action.AddSelector("Get", context.Prefix, context.Model, template, context.Options?.RouteOptions);
        }
        return true;
    }

    private static IEnumerable<ODataPathTemplate> NavigationTemplates(IEdmEntitySet set, IEdmEntityType type)
    {
        foreach (var navigation in type.NavigationProperties())
        {
            var target = set.FindNavigationTarget(navigation);
            var via = Via(set, type, new NavigationSegmentTemplate(navigation, target));
            if (!navigation.Type.IsCollection())
            {
                yield return new ODataPathTemplate(via);
                continue;
            }
            yield return new ODataPathTemplate(via);
            yield return new ODataPathTemplate([.. via, CountSegmentTemplate.Instance]);
            if (navigation.ContainsTarget && navigation.ToEntityType().Key().Count() == 1)
                yield return new ODataPathTemplate([.. via, Key(navigation.ToEntityType(), target, "relatedKey")]);
        }
    }

    private static IEnumerable<ODataPathTemplate> ReferenceTemplates(IEdmEntitySet set, IEdmEntityType type) =>
        type.NavigationProperties().Select(n => new ODataPathTemplate(Via(set, type, new NavigationLinkSegmentTemplate(n, set.FindNavigationTarget(n)))));

    private static IEnumerable<ODataPathTemplate> PropertyTemplates(IEdmEntitySet set, IEdmEntityType type)
    {
        foreach (var property in type.StructuralProperties())
        {
            var via = Via(set, type, new PropertySegmentTemplate(property));
            yield return new ODataPathTemplate(via);
            if (property.Type.IsPrimitive() || property.Type.IsEnum())
                yield return new ODataPathTemplate([.. via, new ValueSegmentTemplate(property.Type.Definition)]);
        }
    }

    private static List<ODataSegmentTemplate> Via(IEdmEntitySet set, IEdmEntityType type, ODataSegmentTemplate last) =>
        [new EntitySetSegmentTemplate(set), Key(type, set, "key"), last];

    private static KeySegmentTemplate Key(IEdmEntityType type, IEdmNavigationSource source, string name) =>
        new(new Dictionary<string, string> { [type.Key().Single().Name] = "{" + name + "}" }, type, source);

    private static HashSet<string> ExistingTemplates(ControllerModel controller) =>
        [.. controller.Actions.SelectMany(a => a.Selectors)
            .SelectMany(s => s.EndpointMetadata.OfType<IODataRoutingMetadata>().SelectMany(m => m.Template.GetTemplates().Select(t => Normalise(m.Prefix + "/" + t)))
                .Concat(s.AttributeRouteModel?.Template is { } route ? [Normalise(route)] : []))];

    // Parameter names differ between routes ({key} vs {id}); the address is the same.
    private static string Normalise(string template) => RouteParameter().Replace(template.Trim('/'), "{}").ToLowerInvariant();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();
}
