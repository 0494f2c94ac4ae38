using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Catalog;

/// <param name="Gtins">The base unit's GTINs; null leaves them as they are (a form that does not show them).</param>
/// <param name="Packs">The item's packs (a spec with an id edits that pack, one without adds one, packs not named are
/// removed); null leaves them as they are.</param>
public sealed record ItemFields(string NameZhHant, string NameZhHans, string NameEn, ItemCategory Category, string BaseUnit,
    int PackSize, string? ProductStandard, bool TracksExpiry, long ReorderLevel, decimal UsePerPersonShift = 0,
    IReadOnlyList<string>? Gtins = null, IReadOnlyList<PackSpec>? Packs = null);

/// <summary>Adds an item to the catalogue.</summary>
public sealed record CreateItem(string Code, ItemFields Fields) : ICommand<int>;

/// <summary>Edits an item; <paramref name="ExpectedVersion"/> is the version the editor saw.</summary>
public sealed record UpdateItem(int ItemId, int? ExpectedVersion, ItemFields Fields) : ICommand<int>;

public sealed class ItemFieldsValidator : AbstractValidator<ItemFields>
{
    public ItemFieldsValidator()
    {
        RuleFor(f => f.NameZhHant).NotEmpty().MaximumLength(200);
        RuleFor(f => f.NameZhHans).NotEmpty().MaximumLength(200);
        RuleFor(f => f.NameEn).NotEmpty().MaximumLength(200);
        RuleFor(f => f.Category).IsInEnum();
        RuleFor(f => f.BaseUnit).NotEmpty().MaximumLength(32);
        RuleFor(f => f.PackSize).InclusiveBetween(1, 1_000_000);
        RuleFor(f => f.ProductStandard).MaximumLength(100);
        RuleFor(f => f.ReorderLevel).InclusiveBetween(0, Quantity.Max);
        RuleFor(f => f.UsePerPersonShift).InclusiveBetween(0, Item.MaxUsePerPersonShift);
        RuleFor(f => f.Gtins).Must(g => g is null || g.Count <= Item.MaxGtins).WithMessage($"An item can have at most {Item.MaxGtins} GTINs.");
        RuleFor(f => f.Packs).Must(p => p is null || p.Count <= Item.MaxPacks).WithMessage($"An item can have at most {Item.MaxPacks} packs.");
    }
}

public sealed class CreateItemValidator : AbstractValidator<CreateItem>
{
    public CreateItemValidator(SupplyTrackerDbContext db)
    {
        RuleFor(c => c.Code).NewCode((code, ct) => db.Items.AnyAsync(i => i.Code == code, ct), "Item");
        RuleFor(c => c.Fields).NotNull().SetValidator(new ItemFieldsValidator());
    }
}

public sealed class UpdateItemValidator : AbstractValidator<UpdateItem>
{
    public UpdateItemValidator() => RuleFor(c => c.Fields).NotNull().SetValidator(new ItemFieldsValidator());
}

public sealed class SaveItemHandler(SupplyTrackerDbContext db) : ICommandHandler<CreateItem, int>, ICommandHandler<UpdateItem, int>
{
    public async ValueTask<int> Handle(CreateItem command, CancellationToken cancellationToken)
    {
        var f = command.Fields;
        var item = new Item(command.Code, f.NameZhHant, f.NameZhHans, f.NameEn, f.Category, f.BaseUnit, f.PackSize, f.ProductStandard, f.TracksExpiry, f.ReorderLevel, f.UsePerPersonShift);
        item.SetGtinsAndPacks(f.Gtins ?? [], f.Packs ?? []);
        await EnsureGtinsAreFreeAsync(db, item, cancellationToken);
        db.Items.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        return item.Id;
    }

    public async ValueTask<int> Handle(UpdateItem command, CancellationToken cancellationToken)
    {
        var item = await db.Items.Include(i => i.Gtins).Include(i => i.Packs).AsSplitQuery()
            .FirstOrDefaultAsync(i => i.Id == command.ItemId, cancellationToken) ?? throw new NotFoundException(nameof(Item), command.ItemId);
        if (command.ExpectedVersion is { } expected && expected != item.Version)
            throw new StaleVersionException(nameof(Item), command.ItemId);
        var f = command.Fields;
        item.Update(f.NameZhHant, f.NameZhHans, f.NameEn, f.Category, f.BaseUnit, f.PackSize, f.ProductStandard, f.TracksExpiry, f.ReorderLevel, f.UsePerPersonShift);
        item.SetGtinsAndPacks(f.Gtins, f.Packs);
        await EnsureGtinsAreFreeAsync(db, item, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return item.Version;
    }

    /// <summary>A GTIN names one thing: no other item, nor another item's pack, may have any of this item's GTINs
    /// (the unique indexes say the same within each table).</summary>
    internal static async Task EnsureGtinsAreFreeAsync(SupplyTrackerDbContext db, Item item, CancellationToken ct)
    {
        var gtins = item.AllGtins().ToList();
        if (gtins.Count == 0) return;
        var taken = await db.Set<ItemGtin>().Where(g => gtins.Contains(g.Gtin) && g.ItemId != item.Id)
            .Join(db.Items, g => g.ItemId, i => i.Id, (g, i) => new { g.Gtin, i.Code })
            .Concat(db.Set<Pack>().Where(p => p.Gtin != null && gtins.Contains(p.Gtin) && p.ItemId != item.Id).Select(p => new { Gtin = p.Gtin!, p.Item.Code }))
            .FirstOrDefaultAsync(ct);
        if (taken is not null)
            throw new DomainValidationException(item.Gtins.Any(g => g.Gtin == taken.Gtin) ? "gtins" : "packs.gtin",
                $"GTIN {taken.Gtin} is already used by item {taken.Code}.");
    }
}
