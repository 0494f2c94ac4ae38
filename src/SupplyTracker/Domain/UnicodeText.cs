namespace SupplyTracker.Domain;

/// <summary>
/// JSON can carry half of a surrogate pair ("\ud800"); SQLite stores UTF-8, so it would come back as U+FFFD.
/// Text that cannot round-trip is refused instead of being silently changed.
/// </summary>
public static class UnicodeText
{
    public static bool IsWellFormed(string? value)
    {
        if (value is null) return true;
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(value[i])) return false;
        }
        return true;
    }

    public static string Refusal(string field) => $"'{field}' contains half of a surrogate pair; send well-formed Unicode text.";
}
