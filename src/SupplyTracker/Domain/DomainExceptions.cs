using System.Globalization;
using System.Reflection;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Domain;

/// <summary>A stable error code (for programs: "stock.insufficient") and the names of the arguments its message uses.</summary>
public sealed record ErrorCode(string Value, params string[] Arguments)
{
    public override string ToString() => Value;

    /// <summary>Pairs the argument names with values: "field" is the field, the other names take <paramref name="values"/> in order.</summary>
    public IReadOnlyDictionary<string, object?> Bind(string field, IReadOnlyList<object?> values)
    {
        var bound = new Dictionary<string, object?>(Arguments.Length);
        var next = 0;
        foreach (var name in Arguments)
            bound[name] = name == "field" ? field : next < values.Count ? values[next++] : null;
        return bound;
    }
}

public static partial class ErrorCodes
{
    /// <summary>Every code, for the catalogue test and for turning a FluentValidation error code back into its entry.</summary>
    // Lazy: the fields live in another part of this partial class, whose initialisers may run after ours.
    private static readonly Lazy<IReadOnlyList<ErrorCode>> Catalogue = new(() => typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ErrorCode))
        .Select(f => (ErrorCode)f.GetValue(null)!)
        .ToList());

    private static readonly Lazy<Dictionary<string, ErrorCode>> ByValue = new(() => All.ToDictionary(c => c.Value, StringComparer.Ordinal));

    public static IReadOnlyList<ErrorCode> All => Catalogue.Value;

    public static ErrorCode? Find(string? value) => value is not null && ByValue.Value.TryGetValue(value, out var code) ? code : null;
}

/// <summary>An error that carries a code and arguments; its <see cref="Exception.Message"/> is the English text (for logs).</summary>
public abstract class CodedException : Exception
{
    protected CodedException(string field, ErrorCode code, IReadOnlyList<object?> values)
    {
        Field = field;
        Code = code;
        Arguments = code.Bind(field, values);
    }

    /// <summary>The field (or line path) the error belongs to; empty for the record as a whole.</summary>
    public string Field { get; }
    public ErrorCode Code { get; }
    public IReadOnlyDictionary<string, object?> Arguments { get; }

    /// <summary>The arguments other than the field, in the code's order (to raise the same error for another field path).</summary>
    public object?[] Values => [.. Code.Arguments.Where(a => a != "field").Select(a => Arguments[a])];

    public override string Message => ErrorText.Format(Code, Arguments, CultureInfo.InvariantCulture);
}

/// <summary>A request that is well-formed but breaks a stock or workflow rule (mapped to 409).</summary>
public sealed class DomainRuleException : CodedException
{
    public DomainRuleException(string field, ErrorCode code, params object?[] arguments) : base(field, code, arguments) { }

    /// <summary>An English message without a code yet (shown through the shared resource where it has a translation).</summary>
    public DomainRuleException(string field, string message) : base(field, ErrorCodes.ErrorUnspecified, [message]) { }
}

/// <summary>An input value that can never be valid, caught inside the domain (mapped to 400).</summary>
public sealed class DomainValidationException : CodedException
{
    public DomainValidationException(string field, ErrorCode code, params object?[] arguments) : base(field, code, arguments) { }

    /// <summary>An English message without a code yet (shown through the shared resource where it has a translation).</summary>
    public DomainValidationException(string field, string message) : base(field, ErrorCodes.ErrorUnspecified, [message]) { }
}

/// <summary>A referenced entity that does not exist (mapped to 404).</summary>
public sealed class NotFoundException(string entity, object key) : CodedException("", ErrorCodes.RecordNotFound, [entity, key])
{
    public string Entity { get; } = entity;
    public object Key { get; } = key;
}

/// <summary>The client edited a version of the record that is no longer current (mapped to 412).</summary>
public sealed class StaleVersionException(string entity, object key) : CodedException("", ErrorCodes.RecordStale, [entity, key]);

/// <summary>A change that must name the version it edits (If-Match) and did not (mapped to 428).</summary>
public sealed class PreconditionRequiredException() : CodedException("", ErrorCodes.RecordVersionRequired, []);

/// <summary>The caller is known but may not do this (mapped to 403).</summary>
public sealed class ForbiddenException : CodedException
{
    /// <summary>A station user acting for another location.</summary>
    public ForbiddenException(string field) : base(field, ErrorCodes.AccessOtherStation, []) { }

    public ForbiddenException(string field, ErrorCode code, params object?[] arguments) : base(field, code, arguments) { }

    /// <summary>An English message without a code yet.</summary>
    public ForbiddenException(string field, string message) : base(field, ErrorCodes.ErrorUnspecified, [message]) { }
}
