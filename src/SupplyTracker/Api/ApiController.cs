using System.Reflection;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Deltas;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Api;

/// <summary>What every entity-set controller shares: read access for every role, the mediator, and guards on what a client may write.</summary>
[Authorize(Policy = Policies.Read)]
public abstract partial class ApiController(IMediator mediator) : ODataController
{
    protected IMediator Mediator { get; } = mediator;

    /// <summary>One entity for [EnableQuery] with its ETag header, or 404 when the caller cannot see it (version null).</summary>
    protected ActionResult<SingleResult<T>> WithETag<T>(IQueryable<T> row, int? version)
    {
        if (version is null) return NotFound();
        ETags.Write(Request, version.Value);
        return SingleResult.Create(row);
    }

    /// <summary>
    /// Refuses a PATCH that sets one of the named fields (workflow state the actions own). Keys, codes, versions and audit
    /// fields, which $metadata marks Core.Computed or Core.Immutable, are ignored instead, as Protocol §11.4.3 allows: a
    /// client that sends back what it read (version included) is not refused.
    /// </summary>
    protected static void RefuseChanges<T>(Delta<T> delta, params string[] notEditable) where T : class
    {
        var keys = typeof(T).GetProperties().Where(p => p.Name == "Id" || p.GetCustomAttribute<System.ComponentModel.DataAnnotations.KeyAttribute>() is not null).ToHashSet();
        foreach (var name in delta.GetChangedPropertyNames())
        {
            if (typeof(T).GetProperty(name) is { } property && (EdmAnnotations.IsServerOwned(property, keys.Contains(property)) || EdmAnnotations.IsImmutable(property, keys.Contains(property))))
                continue;
            if (notEditable.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new DomainValidationException(char.ToLowerInvariant(name[0]) + name[1..], $"'{char.ToLowerInvariant(name[0]) + name[1..]}' cannot be changed.");
        }
    }

    protected static void RefuseDifferent<TValue>(string field, TValue sent, TValue current)
    {
        if (!EqualityComparer<TValue>.Default.Equals(sent, current) && !EqualityComparer<TValue>.Default.Equals(sent, default))
            throw new DomainValidationException(field, $"'{field}' cannot be changed.");
    }
}
