using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Catalog;

public sealed record LocationFields(string Name, string NameZhHans, string NameEn, LocationKind Kind, int HeadcountPerShift, int ShiftsPerDay);

public sealed record CreateLocation(string Code, LocationFields Fields) : ICommand<int>;

public sealed record UpdateLocation(int LocationId, int? ExpectedVersion, LocationFields Fields) : ICommand<int>;

public sealed class LocationFieldsValidator : AbstractValidator<LocationFields>
{
    public LocationFieldsValidator()
    {
        RuleFor(f => f.Name).NotEmpty().MaximumLength(200);
        RuleFor(f => f.NameZhHans).NotEmpty().MaximumLength(200);
        RuleFor(f => f.NameEn).NotEmpty().MaximumLength(200);
        RuleFor(f => f.Kind).IsInEnum();
        RuleFor(f => f.HeadcountPerShift).InclusiveBetween(0, 100_000);
        RuleFor(f => f.ShiftsPerDay).InclusiveBetween(0, 24);
    }
}

public sealed class CreateLocationValidator : AbstractValidator<CreateLocation>
{
    public CreateLocationValidator(SupplyTrackerDbContext db)
    {
        RuleFor(c => c.Code).NewCode((code, ct) => db.Locations.AnyAsync(l => l.Code == code, ct), "Location");
        RuleFor(c => c.Fields).NotNull().SetValidator(new LocationFieldsValidator());
    }
}

public sealed class UpdateLocationValidator : AbstractValidator<UpdateLocation>
{
    public UpdateLocationValidator() => RuleFor(c => c.Fields).NotNull().SetValidator(new LocationFieldsValidator());
}

public sealed class SaveLocationHandler(SupplyTrackerDbContext db) : ICommandHandler<CreateLocation, int>, ICommandHandler<UpdateLocation, int>
{
    public async ValueTask<int> Handle(CreateLocation command, CancellationToken cancellationToken)
    {
        var f = command.Fields;
        var location = new Location(command.Code, f.Name, f.NameZhHans, f.NameEn, f.Kind, f.HeadcountPerShift, f.ShiftsPerDay);
        db.Locations.Add(location);
        await db.SaveChangesAsync(cancellationToken);
        return location.Id;
    }

    public async ValueTask<int> Handle(UpdateLocation command, CancellationToken cancellationToken)
    {
        var location = await db.Locations.GetAsync(command.LocationId, cancellationToken);
        if (command.ExpectedVersion is { } expected && expected != location.Version)
            throw new StaleVersionException(nameof(Location), command.LocationId);
        var f = command.Fields;
        location.Update(f.Name, f.NameZhHans, f.NameEn, f.Kind, f.HeadcountPerShift, f.ShiftsPerDay);
        await db.SaveChangesAsync(cancellationToken);
        return location.Version;
    }
}
