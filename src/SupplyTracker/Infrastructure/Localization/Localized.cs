using System.Globalization;
using SupplyTracker.Domain;

namespace SupplyTracker.Infrastructure.Localization;

/// <summary>Picks the catalogue name in the language of the current request.</summary>
public static class Localized
{
    public static string Language => CultureInfo.CurrentUICulture.Name switch
    {
        "zh-Hans" => "zh-Hans",
        "en" => "en",
        _ => "zh-Hant",
    };

    public static string Name(string zhHant, string zhHans, string en) => Language switch
    {
        "zh-Hans" => zhHans,
        "en" => en,
        _ => zhHant,
    };

    public static string DisplayName(this Item item) => Name(item.NameZhHant, item.NameZhHans, item.NameEn);

    public static string DisplayName(this Location location) => Name(location.Name, location.NameZhHans, location.NameEn);
}
