using SupplyTracker.Features.Catalog;

namespace SupplyTracker.Pages.Shared;

public static class ItemOptions
{
    /// <summary>The item a typed text names: its code (any case, optionally followed by its name), or one of its names exactly.</summary>
    public static ItemOption? Resolve(this IReadOnlyList<ItemOption> items, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var typed = text.Trim();
        var code = typed.Split([' ', '·', '—'], 2, StringSplitOptions.RemoveEmptyEntries)[0];
        return items.FirstOrDefault(i => string.Equals(i.Code, typed, StringComparison.OrdinalIgnoreCase))
            ?? items.FirstOrDefault(i => string.Equals(i.Code, code, StringComparison.OrdinalIgnoreCase))
            ?? items.FirstOrDefault(i => typed == i.NameZhHant || typed == i.NameZhHans || string.Equals(typed, i.NameEn, StringComparison.OrdinalIgnoreCase));
    }
}
