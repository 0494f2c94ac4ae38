using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using SupplyTracker.Domain;

namespace SupplyTracker.Infrastructure.Localization;

/// <summary>One error as every door sees it: the field it belongs to, its code and its arguments.</summary>
public sealed record CodedError(string Field, ErrorCode Code, IReadOnlyDictionary<string, object?> Arguments)
{
    public string Message(CultureInfo culture) => ErrorText.Format(Code, Arguments, culture);
}

/// <summary>
/// Turns a code and its arguments into words (Resources/ErrorMessages*.resx) in a culture: numbers and dates are formatted
/// in that culture, enum values and entity names are translated through the shared resource.
/// </summary>
public static partial class ErrorText
{
    public const string ResourceName = "SupplyTracker.Resources.ErrorMessages";
    public static readonly ResourceManager Messages = new(ResourceName, typeof(ErrorText).Assembly);
    private static readonly ResourceManager Words = new("SupplyTracker.Resources.SharedResource", typeof(ErrorText).Assembly);

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    public static partial Regex Placeholder();

    public static string Format(ErrorCode code, IReadOnlyDictionary<string, object?> arguments, CultureInfo culture)
    {
        var template = Messages.GetString(code.Value, culture) ?? code.Value;
        return Placeholder().Replace(template, m => arguments.TryGetValue(m.Groups[1].Value, out var value)
            ? Render(m.Groups[1].Value, value, culture)
            : m.Value);
    }

    /// <summary>The message for a code with positional arguments ("field" first when the code has one).</summary>
    public static string Format(ErrorCode code, CultureInfo culture, string field, params object?[] values) =>
        Format(code, code.Bind(field, values), culture);

    private static string Render(string name, object? value, CultureInfo culture) => value switch
    {
        null => "",
        // A message without a code yet, an enum value or an entity name: the shared resource may have its words.
        string s when name is "message" or "entity" => Word(s, culture),
        string s => s,
        Enum e => Word(e.ToString(), culture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        long or decimal or double => ((IFormattable)value).ToString("#,0.##", culture),
        IFormattable f => f.ToString(null, culture),
        _ => value.ToString() ?? "",
    };

    // The shared resource has no neutral part (its keys are the English words): look in the culture's own set only.
    private static string Word(string english, CultureInfo culture) =>
        culture.Name.Length == 0 ? english : Words.GetResourceSet(culture, createIfNotExists: true, tryParents: false)?.GetString(english) ?? english;

    /// <summary>What the request asked for in Accept-Language, among the three languages; English when it asked for none.</summary>
    public static CultureInfo FromAcceptLanguage(HttpRequest request)
    {
        var asked = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is null or > 0)
            .OrderByDescending(l => l.Quality ?? 1);
        foreach (var language in asked)
        {
            var name = language.Value.Value ?? "";
            if (Language(name) is { } known) return CultureInfo.GetCultureInfo(known);
        }
        return CultureInfo.GetCultureInfo("en");
    }

    private static string? Language(string tag) => tag.ToLowerInvariant() switch
    {
        "zh-hant" or "zh-tw" or "zh-hk" or "zh-mo" or "zh-hant-tw" or "zh-hant-hk" => "zh-Hant",
        "zh-hans" or "zh-cn" or "zh-sg" or "zh" or "zh-hans-cn" => "zh-Hans",
        var t when t == "en" || t.StartsWith("en-", StringComparison.Ordinal) => "en",
        _ => null,
    };

    /// <summary>The coded errors an exception carries (several for a validation failure), or none for other exceptions.</summary>
    public static IReadOnlyList<CodedError> Of(Exception exception) => exception switch
    {
        CodedException c => [new CodedError(c.Field, c.Code, c.Arguments)],
        ValidationException v => v.Errors.Select(Of).ToList(),
        _ => [],
    };

    /// <summary>
    /// A FluentValidation failure as a coded error: our own codes (.WithErrorCode) keep their state as arguments;
    /// FluentValidation's built-in validators map onto the field codes with their placeholder values.
    /// </summary>
    public static CodedError Of(ValidationFailure failure)
    {
        var field = failure.PropertyName;
        var placeholders = failure.FormattedMessagePlaceholderValues ?? new Dictionary<string, object>();
        object? P(string key) => placeholders.TryGetValue(key, out var v) ? v : null;
        // The words name the field as FluentValidation displays it ("Expires On"); the error belongs to the path.
        var shown = P("PropertyName") as string ?? field;
        if (ErrorCodes.Find(failure.ErrorCode) is { } own)
        {
            var state = failure.CustomState as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();
            var arguments = own.Arguments.ToDictionary(a => a, a => a == "field" ? shown : state.GetValueOrDefault(a));
            return new CodedError(field, own, arguments);
        }
        var (code, values) = failure.ErrorCode switch
        {
            "NotEmptyValidator" or "NotNullValidator" or "EmptyValidator" => (ErrorCodes.FieldRequired, Array.Empty<object?>()),
            "MaximumLengthValidator" or "LengthValidator" => (ErrorCodes.FieldTooLong, [P("MaxLength")]),
            "GreaterThanValidator" => (ErrorCodes.FieldGreaterThan, [P("ComparisonValue")]),
            "GreaterThanOrEqualValidator" => (ErrorCodes.FieldAtLeast, [P("ComparisonValue")]),
            "LessThanValidator" => (ErrorCodes.FieldLessThan, [P("ComparisonValue")]),
            "LessThanOrEqualValidator" => (ErrorCodes.FieldAtMost, [P("ComparisonValue")]),
            "InclusiveBetweenValidator" or "ExclusiveBetweenValidator" => (ErrorCodes.FieldBetween, [P("From"), P("To")]),
            "EnumValidator" or "StringEnumValidator" => (ErrorCodes.FieldNotInList, []),
            "RegularExpressionValidator" or "EmailValidator" => (ErrorCodes.FieldBadFormat, []),
            _ => (ErrorCodes.ErrorUnspecified, [failure.ErrorMessage]),
        };
        return new CodedError(field, code, code.Bind(shown, values));
    }
}
