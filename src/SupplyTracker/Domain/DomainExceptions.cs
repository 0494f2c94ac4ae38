namespace SupplyTracker.Domain;

/// <summary>A request that is well-formed but breaks a stock or workflow rule (mapped to 409).</summary>
public sealed class DomainRuleException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>An input value that can never be valid, caught inside the domain (mapped to 400).</summary>
public sealed class DomainValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>A referenced entity that does not exist (mapped to 404).</summary>
public sealed class NotFoundException(string entity, object key) : Exception($"{entity} '{key}' was not found.")
{
    public string Entity { get; } = entity;
    public object Key { get; } = key;
}

/// <summary>The client edited a version of the record that is no longer current (mapped to 412).</summary>
public sealed class StaleVersionException(string entity, object key) : Exception($"{entity} '{key}' was changed by someone else; reload it and try again.");
