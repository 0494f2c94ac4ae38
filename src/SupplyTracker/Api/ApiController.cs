using Mediator;
using Microsoft.AspNetCore.Authorization;
using SupplyTracker.Infrastructure.Auth;
using Microsoft.AspNetCore.OData.Deltas;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using SupplyTracker.Domain;

namespace SupplyTracker.Api;

/// <summary>What every entity-set controller shares: read access for every role, the mediator, and guards on what a client may write.</summary>
[Authorize(Policy = Policies.Read)]
public abstract class ApiController(IMediator mediator) : ODataController
{
    protected IMediator Mediator { get; } = mediator;

    /// <summary>Keys, codes, versions and audit fields are the server's: a PATCH that touches them is refused, not ignored.</summary>
    protected static void RefuseChanges<T>(Delta<T> delta, params string[] serverOwned) where T : class
    {
        foreach (var name in delta.GetChangedPropertyNames())
        {
            if (serverOwned.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new DomainValidationException(char.ToLowerInvariant(name[0]) + name[1..], $"'{char.ToLowerInvariant(name[0]) + name[1..]}' cannot be changed.");
        }
    }

    protected static void RefuseDifferent<TValue>(string field, TValue sent, TValue current)
    {
        if (!EqualityComparer<TValue>.Default.Equals(sent, current) && !EqualityComparer<TValue>.Default.Equals(sent, default))
            throw new DomainValidationException(field, $"'{field}' cannot be changed.");
    }
}
