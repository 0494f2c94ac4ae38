using FluentValidation;
using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Catalog;

public sealed record DonorFields(string Name, DonorKind Kind, string? ContactName, string? Phone, string? Email, string? Address,
    bool IsAnonymous, string PreferredLanguage, bool WantsFollowUp = true);

public sealed record CreateDonor(DonorFields Fields) : ICommand<int>;

public sealed record UpdateDonor(int DonorId, int? ExpectedVersion, DonorFields Fields) : ICommand<int>;

public sealed class DonorFieldsValidator : AbstractValidator<DonorFields>
{
    public DonorFieldsValidator()
    {
        RuleFor(f => f.Name).NotEmpty().MaximumLength(200);
        RuleFor(f => f.Kind).IsInEnum();
        RuleFor(f => f.ContactName).MaximumLength(100);
        RuleFor(f => f.Phone).MaximumLength(50);
        RuleFor(f => f.Email).MaximumLength(200).EmailAddress().When(f => !string.IsNullOrWhiteSpace(f.Email));
        RuleFor(f => f.Address).MaximumLength(300);
        RuleFor(f => f.PreferredLanguage).Must(l => l is "zh-Hant" or "zh-Hans" or "en").WithCode(ErrorCodes.FieldLanguage);
    }
}

public sealed class CreateDonorValidator : AbstractValidator<CreateDonor>
{
    public CreateDonorValidator() => RuleFor(c => c.Fields).NotNull().SetValidator(new DonorFieldsValidator());
}

public sealed class UpdateDonorValidator : AbstractValidator<UpdateDonor>
{
    public UpdateDonorValidator() => RuleFor(c => c.Fields).NotNull().SetValidator(new DonorFieldsValidator());
}

public sealed class SaveDonorHandler(SupplyTrackerDbContext db) : ICommandHandler<CreateDonor, int>, ICommandHandler<UpdateDonor, int>
{
    public async ValueTask<int> Handle(CreateDonor command, CancellationToken cancellationToken)
    {
        var f = command.Fields;
        var donor = new Donor(f.Name, f.Kind, f.ContactName, f.Phone, f.Email, f.Address, f.IsAnonymous, f.PreferredLanguage, f.WantsFollowUp);
        db.Donors.Add(donor);
        await db.SaveChangesAsync(cancellationToken);
        return donor.Id;
    }

    public async ValueTask<int> Handle(UpdateDonor command, CancellationToken cancellationToken)
    {
        var donor = await db.Donors.GetAsync(command.DonorId, cancellationToken);
        if (command.ExpectedVersion is { } expected && expected != donor.Version)
            throw new StaleVersionException(nameof(Donor), command.DonorId);
        var f = command.Fields;
        donor.Update(f.Name, f.Kind, f.ContactName, f.Phone, f.Email, f.Address, f.IsAnonymous, f.PreferredLanguage, f.WantsFollowUp);
        await db.SaveChangesAsync(cancellationToken);
        return donor.Version;
    }
}
