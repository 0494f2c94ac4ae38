using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Shared;

/// <summary>An item as a form offers it: found by its code or by its name in any of the three languages.</summary>
public sealed record ItemOption(int Id, string Code, string NameZhHant, string NameZhHans, string NameEn, bool TracksExpiry, string BaseUnit,
    ItemCategory Category)
{
    public string Name => Localized.Name(NameZhHant, NameZhHans, NameEn);

    /// <summary>Every name, so the browser's datalist matches whatever language the user types in.</summary>
    public string Label => string.Join(" · ", new[] { Name, NameZhHant, NameZhHans, NameEn }.Distinct());

    public static Task<List<ItemOption>> LoadAsync(SupplyTrackerDbContext db, CancellationToken cancellationToken) =>
        db.Items.AsNoTracking().OrderBy(i => i.Code)
            .Select(i => new ItemOption(i.Id, i.Code, i.NameZhHant, i.NameZhHans, i.NameEn, i.TracksExpiry, i.BaseUnit, i.Category))
            .ToListAsync(cancellationToken);
}

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
