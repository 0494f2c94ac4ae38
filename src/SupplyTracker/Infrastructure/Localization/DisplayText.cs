using System.Globalization;

namespace SupplyTracker.Infrastructure.Localization;

/// <summary>
/// How every page writes a date, a time, a unit and a language: ISO 8601 dates in all three languages, times in the
/// deployment's zone, the catalogue's Chinese unit words in the reader's language.
/// </summary>
public static class DisplayText
{
    public const string DateFormat = "yyyy-MM-dd", TimeFormat = "yyyy-MM-dd HH:mm";

    private static readonly Dictionary<string, string> EnglishUnits = new(StringComparer.Ordinal)
    {
        ["只"] = "pcs", ["个"] = "pcs", ["個"] = "pcs", ["件"] = "pcs", ["把"] = "pcs", ["支"] = "pcs", ["片"] = "pcs", ["粒"] = "tablets",
        ["副"] = "pairs", ["雙"] = "pairs", ["双"] = "pairs", ["瓶"] = "bottles", ["盒"] = "boxes", ["箱"] = "cartons", ["包"] = "packs",
        ["袋"] = "bags", ["套"] = "sets", ["桶"] = "drums", ["卷"] = "rolls",
    };

    private static readonly Dictionary<string, string> SimplifiedUnits = new(StringComparer.Ordinal)
    {
        ["個"] = "个", ["雙"] = "双", ["條"] = "条", ["張"] = "张", ["組"] = "组",
    };

    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "";

    /// <summary>A stored UTC instant as the deployment's local date and time.</summary>
    public static string Time(DateTime utc, DeploymentTime time) => time.ToLocal(utc).ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static string Time(DateTime? utc, DeploymentTime time) => utc is { } u ? Time(u, time) : "";

    public static string Time(DateTimeOffset? instant, DeploymentTime time) => instant is { } i ? Time(i, time) : "";

    public static string Time(DateTimeOffset instant, DeploymentTime time) => time.ToLocal(instant).ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>The unit word in the current UI language (the catalogue stores the Traditional Chinese word).</summary>
    public static string Unit(string unit) => Localized.Language switch
    {
        "en" => EnglishUnits.GetValueOrDefault(unit, unit),
        "zh-Hans" => SimplifiedUnits.GetValueOrDefault(unit, unit),
        _ => unit,
    };

    public static string Quantity(long quantity, string unit) => $"{quantity.ToString("N0", CultureInfo.CurrentCulture)} {Unit(unit)}";

    public static string SignedQuantity(long quantity, string unit) => $"{quantity.ToString("+#,0;-#,0;0", CultureInfo.CurrentCulture)} {Unit(unit)}";

    /// <summary>A language code (a donor's or a receipt's) as the language's own name, never the raw code.</summary>
    public static string LanguageName(string? code) => code switch
    {
        "zh-Hant" => "繁體中文",
        "zh-Hans" => "简体中文",
        "en" => "English",
        null or "" => "",
        _ => code,
    };
}
