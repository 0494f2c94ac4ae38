namespace SupplyTracker.Domain.Gs1;

/// <summary>
/// Global Trade Item Numbers: GTIN-8, -12, -13 and -14, each ending in the GS1 mod-10 check digit. Stored and compared
/// as 14 digits, right-justified with leading zeros (GS1 General Specifications, the GTIN-14 data structure).
/// </summary>
public static class Gtin
{
    public const int Length = 14;

    /// <summary>The GS1 check digit of <paramref name="digits"/> (the number without its check digit): weights 3,1,3,1… from the right.</summary>
    public static int CheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (d is < 0 or > 9) throw new ArgumentException("Only digits have a GS1 check digit.", nameof(digits));
            sum += i % 2 == 0 ? d * 3 : d;
        }
        return (10 - sum % 10) % 10;
    }

    /// <summary>True when every character is a digit and the last one is the GS1 check digit of the others.</summary>
    public static bool HasValidCheckDigit(ReadOnlySpan<char> number) =>
        number.Length >= 2 && AllDigits(number) && CheckDigit(number[..^1]) == number[^1] - '0';

    /// <summary>Appends the check digit: <c>WithCheckDigit("202001100001")</c> is a valid GTIN-13.</summary>
    public static string WithCheckDigit(string digits) => digits + (char)('0' + CheckDigit(digits));

    public static bool IsGtinLength(int length) => length is 8 or 12 or 13 or 14;

    /// <summary>
    /// A GTIN as typed or scanned (8, 12, 13 or 14 digits, spaces and hyphens ignored) as 14 digits, or a
    /// <see cref="DomainValidationException"/> on <paramref name="field"/> saying what is wrong with it.
    /// </summary>
    public static string Normalize(string? value, string field = "gtin")
    {
        var digits = (value ?? "").Trim().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (digits.Length == 0)
            throw new DomainValidationException(field, $"'{field}' is required.");
        if (!AllDigits(digits))
            throw new DomainValidationException(field, $"'{field}' must contain only digits: '{value}' is not a GTIN.");
        if (!IsGtinLength(digits.Length))
            throw new DomainValidationException(field, $"'{field}' must have 8, 12, 13 or 14 digits: '{digits}' has {digits.Length}.");
        if (!HasValidCheckDigit(digits))
            throw new DomainValidationException(field, ErrorCodes.Gs1CheckDigit, digits,
                CheckDigit(digits.AsSpan(0, digits.Length - 1)).ToString(System.Globalization.CultureInfo.InvariantCulture), digits[^1].ToString());
        return digits.PadLeft(Length, '0');
    }

    /// <summary>True when the value is a GTIN with a valid check digit (in any of the four lengths).</summary>
    public static bool IsValid(string? value) =>
        value is not null && IsGtinLength(value.Length) && HasValidCheckDigit(value);

    internal static bool AllDigits(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
            if (c is < '0' or > '9') return false;
        return value.Length > 0;
    }
}
