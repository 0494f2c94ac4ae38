using System.Globalization;

namespace SupplyTracker.Pages.Shared;

public static class PackText
{
    /// <summary>A count of packs and what it comes to: "20 箱 × 50 = 1,000 只".</summary>
    public static string Total(decimal count, string pack, long perPack, string baseUnit) =>
        string.Create(CultureInfo.CurrentCulture, $"{count:#,0.##} {pack} × {perPack:#,0} = {count * perPack:#,0.##} {baseUnit}");
}
