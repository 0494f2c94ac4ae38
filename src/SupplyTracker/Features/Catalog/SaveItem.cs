using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Catalog;

public sealed record ItemFields(string NameZhHant, string NameZhHans, string NameEn, ItemCategory Category, string BaseUnit,
    int PackSize, string? ProductStandard, bool TracksExpiry, long ReorderLevel, decimal UsePerPersonShift = 0);

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
        db.Items.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        return item.Id;
    }

    public async ValueTask<int> Handle(UpdateItem command, CancellationToken cancellationToken)
    {
        var item = await db.Items.GetAsync(command.ItemId, cancellationToken);
        if (command.ExpectedVersion is { } expected && expected != item.Version)
            throw new StaleVersionException(nameof(Item), command.ItemId);
        var f = command.Fields;
        item.Update(f.NameZhHant, f.NameZhHans, f.NameEn, f.Category, f.BaseUnit, f.PackSize, f.ProductStandard, f.TracksExpiry, f.ReorderLevel, f.UsePerPersonShift);
        await db.SaveChangesAsync(cancellationToken);
        return item.Version;
    }
}
