using System.Globalization;
using System.Text.RegularExpressions;

namespace SupplyTracker.Domain.Gs1;

/// <summary>
/// Reads what a barcode scanner sends into a <see cref="Gs1ElementString"/>, by the GS1 General Specifications:
/// <list type="bullet">
/// <item>an optional symbology identifier: <c>]d2</c> (GS1 DataMatrix), <c>]C1</c> (GS1-128), <c>]Q3</c> (GS1 QR Code),
/// <c>]e0</c> (GS1 DataBar), <c>]J1</c> (GS1 DotCode); <c>]E0</c> / <c>]E4</c> (EAN-13 / EAN-8) and <c>]I1</c> (ITF-14) carry a bare GTIN;</item>
/// <item>an element string: AIs whose length is predefined run on without a separator, every other element ends at
/// FNC1 (transmitted as GS, 0x1D) or at the end of the data;</item>
/// <item>the human-readable form with the AIs in parentheses, <c>(01)09501101020917(17)190508(10)ABCD1234</c>;</item>
/// <item>a bare GTIN-8, -12, -13 or -14 (digits only).</item>
/// </list>
/// Every error is a <see cref="DomainValidationException"/> on the field <c>code</c> that says what is wrong in English.
/// </summary>
public static partial class Gs1Parser
{
    public const char GroupSeparator = '\u001D';
    public const string Field = "code";
    public const int MaxLength = 512;

    private static readonly string[] ElementStringSymbologies = ["]d2", "]C1", "]Q3", "]e0", "]J1"];
    private static readonly string[] GtinSymbologies = ["]E0", "]E4", "]E3", "]I1"];

    /// <summary>Parses <paramref name="code"/>; <paramref name="today"/> decides the century of two-digit years.</summary>
    public static Gs1ElementString Parse(string? code, DateOnly today)
    {
        // Scanners end with Enter; a pasted string may show GS as the visible symbol ␝ (U+241D).
        var text = (code ?? "").Replace('\u241D', GroupSeparator).Trim(' ', '\r', '\n', '\t');
        if (text.Length == 0) throw Error("The barcode is empty.");
        if (text.Length > MaxLength) throw Error($"The barcode is longer than {MaxLength} characters.");

        string? symbology = null;
        if (text.Length >= 3 && text[0] == ']')
        {
            symbology = text[..3];
            text = text[3..];
            if (GtinSymbologies.Contains(symbology, StringComparer.Ordinal))
                return Result(symbology, [new Gs1Element(ApplicationIdentifiers.Gtin, BareGtin(text))], today);
            if (!ElementStringSymbologies.Contains(symbology, StringComparer.Ordinal))
            {
                if (Gtin.AllDigits(text) && Gtin.IsGtinLength(text.Length))
                    return Result(symbology, [new Gs1Element(ApplicationIdentifiers.Gtin, BareGtin(text))], today);
                throw Error($"The barcode ({symbology}) does not carry GS1 data: it is neither a GS1 element string nor a GTIN.");
            }
        }

        text = text.TrimStart(GroupSeparator);
        if (text.Length == 0) throw Error("The barcode has no data after its symbology identifier.");
        if (symbology is null && Gtin.AllDigits(text) && Gtin.IsGtinLength(text.Length))
            return Result(null, [new Gs1Element(ApplicationIdentifiers.Gtin, BareGtin(text))], today);

        var elements = text[0] == '(' ? ReadHumanReadable(text) : ReadElementString(text);
        return Result(symbology, elements, today);
    }

    /// <summary>
    /// A GS1 date (YYMMDD). The century is the GS1 rule's: the one that puts the year within 49 years before and 50
    /// after <paramref name="today"/>'s year. A day of 00, where the AI allows it, is the last day of the month.
    /// </summary>
    public static DateOnly ParseDate(string ai, string value, DateOnly today)
    {
        var definition = ApplicationIdentifiers.Find(ai);
        if (value.Length != 6 || !Gtin.AllDigits(value))
            throw new DomainValidationException(Field, ErrorCodes.Gs1NotADate, ai, value);
        var yy = int.Parse(value[..2], CultureInfo.InvariantCulture);
        var month = int.Parse(value[2..4], CultureInfo.InvariantCulture);
        var day = int.Parse(value[4..], CultureInfo.InvariantCulture);
        var year = CenturyOf(yy, today.Year);
        if (month is < 1 or > 12)
            throw new DomainValidationException(Field, ErrorCodes.Gs1NoMonth, ai, value, month.ToString("00", CultureInfo.InvariantCulture));
        if (day == 0)
        {
            if (definition is { DayZeroAllowed: false })
                throw Error($"({ai}) {value} is not a date: this AI needs a day, 00 is not allowed.");
            return new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        }
        if (day > DateTime.DaysInMonth(year, month))
            throw new DomainValidationException(Field, ErrorCodes.Gs1NoDay, ai, value,
                string.Create(CultureInfo.InvariantCulture, $"{year:0000}-{month:00}"), day.ToString("00", CultureInfo.InvariantCulture));
        return new DateOnly(year, month, day);
    }

    /// <summary>GS1 General Specifications, determination of the century in dates: a difference of 51–99 years to the
    /// current year means the previous century, −99 to −50 the next one, anything else the current one.</summary>
    public static int CenturyOf(int yy, int currentYear)
    {
        var century = currentYear / 100 * 100;
        var difference = yy - currentYear % 100;
        return difference switch
        {
            >= 51 => century - 100 + yy,
            <= -50 => century + 100 + yy,
            _ => century + yy,
        };
    }

    private static Gs1ElementString Result(string? symbology, List<Gs1Element> elements, DateOnly today)
    {
        foreach (var group in elements.GroupBy(e => e.Ai))
        {
            if (group.Select(e => e.Value).Distinct(StringComparer.Ordinal).Count() > 1)
                throw Error($"The barcode gives AI ({group.Key}) twice with different values.");
        }
        var distinct = elements.DistinctBy(e => e.Ai).ToList();
        foreach (var e in distinct) Validate(ApplicationIdentifiers.Find(e.Ai)!, e.Value, today);
        return new Gs1ElementString(symbology, distinct, today);
    }

    private static string BareGtin(string digits)
    {
        if (!Gtin.AllDigits(digits) || !Gtin.IsGtinLength(digits.Length))
            throw Error($"'{digits}' is not a GTIN: a GTIN has 8, 12, 13 or 14 digits.");
        return CheckedGtin(digits);
    }

    private static string CheckedGtin(string digits)
    {
        if (!Gtin.HasValidCheckDigit(digits))
            throw new DomainValidationException(Field, ErrorCodes.Gs1CheckDigit, digits,
                Gtin.CheckDigit(digits.AsSpan(0, digits.Length - 1)).ToString(CultureInfo.InvariantCulture), digits[^1].ToString());
        return digits.PadLeft(Gtin.Length, '0');
    }

    private static List<Gs1Element> ReadElementString(string text)
    {
        var elements = new List<Gs1Element>();
        var position = 0;
        while (position < text.Length)
        {
            if (text[position] == GroupSeparator) { position++; continue; }
            var definition = FindAi(text, position);
            position += definition.Ai.Length;
            int end;
            if (definition.IsFixedLength)
            {
                end = position + definition.MaxLength;
                if (end > text.Length || text.AsSpan(position, definition.MaxLength).Contains(GroupSeparator))
                    throw Error($"AI ({definition.Ai}) {definition.Title} needs {definition.MaxLength} characters; the barcode ends or separates before that.");
            }
            else
            {
                end = text.IndexOf(GroupSeparator, position);
                if (end < 0) end = text.Length;
                if (end - position > definition.MaxLength)
                    throw Error($"AI ({definition.Ai}) {definition.Title} is at most {definition.MaxLength} characters, here {end - position}: " +
                        "is a separator (FNC1/GS) missing after it?");
            }
            elements.Add(new Gs1Element(definition.Ai, text[position..end]));
            position = end;
        }
        return elements;
    }

    private static List<Gs1Element> ReadHumanReadable(string text)
    {
        var elements = new List<Gs1Element>();
        var matches = AiInParentheses().Matches(text);
        if (matches.Count == 0 || matches[0].Index != 0)
            throw Error("The barcode text starts with '(' but not with an AI in parentheses such as (01).");
        for (var i = 0; i < matches.Count; i++)
        {
            var ai = matches[i].Groups[1].Value;
            var definition = ApplicationIdentifiers.Find(ai) ?? throw UnknownAi(ai);
            var start = matches[i].Index + matches[i].Length;
            var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
            var value = text[start..end].TrimEnd(GroupSeparator);
            if (value.Length < definition.MinLength || value.Length > definition.MaxLength)
                throw Error(definition.IsFixedLength
                    ? $"AI ({ai}) {definition.Title} needs {definition.MaxLength} characters, here {value.Length}."
                    : $"AI ({ai}) {definition.Title} takes 1 to {definition.MaxLength} characters, here {value.Length}.");
            elements.Add(new Gs1Element(ai, value));
        }
        return elements;
    }

    private static ApplicationIdentifier FindAi(string text, int position)
    {
        for (var length = 2; length <= 4 && position + length <= text.Length; length++)
        {
            if (ApplicationIdentifiers.Find(text.Substring(position, length)) is { } found) return found;
        }
        var shown = new string(text.Skip(position).Take(4).TakeWhile(char.IsAsciiDigit).ToArray());
        if (shown.Length == 0)
            throw Error($"Character {position + 1} of the barcode should start an application identifier (digits), not '{text[position]}'.");
        throw UnknownAi(shown);
    }

    private static void Validate(ApplicationIdentifier definition, string value, DateOnly today)
    {
        if (value.Length < definition.MinLength)
            throw Error($"AI ({definition.Ai}) {definition.Title} is empty.");
        switch (definition.Kind)
        {
            case Gs1DataKind.Numeric when !Gtin.AllDigits(value):
                throw Error(definition.Ai is ApplicationIdentifiers.VariableCount or ApplicationIdentifiers.ContainedCount
                    ? $"AI ({definition.Ai}) {definition.Title} must be a whole number, not '{value}'."
                    : $"AI ({definition.Ai}) {definition.Title} must be digits only, not '{value}'.");
            case Gs1DataKind.Numeric when definition.Ai is ApplicationIdentifiers.VariableCount or ApplicationIdentifiers.ContainedCount
                && long.Parse(value, CultureInfo.InvariantCulture) == 0:
                throw Error($"AI ({definition.Ai}) {definition.Title} must be greater than zero.");
            case Gs1DataKind.NumericWithCheckDigit when !Gtin.AllDigits(value):
                throw Error($"AI ({definition.Ai}) {definition.Title} must be digits only, not '{value}'.");
            case Gs1DataKind.NumericWithCheckDigit when !Gtin.HasValidCheckDigit(value)
                && definition.Ai is ApplicationIdentifiers.Gtin or ApplicationIdentifiers.ContainedGtin:
                throw new DomainValidationException(Field, ErrorCodes.Gs1CheckDigit, value,
                    Gtin.CheckDigit(value.AsSpan(0, value.Length - 1)).ToString(CultureInfo.InvariantCulture), value[^1].ToString());
            case Gs1DataKind.NumericWithCheckDigit when !Gtin.HasValidCheckDigit(value):
                throw Error($"{(definition.Ai is ApplicationIdentifiers.Gtin or ApplicationIdentifiers.ContainedGtin ? "GTIN" : $"AI ({definition.Ai}) {definition.Title}")} " +
                    $"{value} has a wrong check digit: the last digit should be {Gtin.CheckDigit(value.AsSpan(0, value.Length - 1))}, not {value[^1]}.");
            case Gs1DataKind.Date:
                ParseDate(definition.Ai, value, today);
                break;
            case Gs1DataKind.Alphanumeric when value.FirstOrDefault(c => !IsCharacterSet82(c)) is var bad && bad != default:
                throw Error($"AI ({definition.Ai}) {definition.Title} contains '{bad}', which GS1 data may not contain.");
        }
    }

    /// <summary>GS1 AI encodable character set 82: digits, Latin letters and !"%&amp;'()*+,-./:;&lt;=&gt;?_</summary>
    private static bool IsCharacterSet82(char c) => char.IsAsciiLetterOrDigit(c) || "!\"%&'()*+,-./:;<=>?_".Contains(c);

    private static DomainValidationException UnknownAi(string ai) =>
        Error($"The barcode has an application identifier this app does not know: ({ai}).");

    private static DomainValidationException Error(string message) => new(Field, message);

    [GeneratedRegex(@"\((\d{2,4})\)", RegexOptions.CultureInvariant)]
    private static partial Regex AiInParentheses();
}
