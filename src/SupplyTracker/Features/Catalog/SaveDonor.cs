using FluentValidation;
using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Catalog;

public sealed record DonorFields(string Name, DonorKind Kind, string? ContactName, string? Phone, string? Email, string? Address,
    bool IsAnonymous, string PreferredLanguage, bool WantsFollowUp = true, bool TracePublic = true);

/// <param name="NamePublic">The donor's answer when asked (recorded with <c>Fields.TracePublic</c>); null when not asked.</param>
public sealed record CreateDonor(DonorFields Fields, bool? NamePublic = null) : ICommand<int>;

/// <param name="NamePublic">The donor's answer when asked (recorded with <c>Fields.TracePublic</c>); null keeps what is recorded,
/// unless <c>Fields.IsAnonymous</c> or <c>Fields.TracePublic</c> differ from it (then that change is recorded).</param>
public sealed record UpdateDonor(int DonorId, int? ExpectedVersion, DonorFields Fields, bool? NamePublic = null) : ICommand<int>;

/// <summary>Records a donor's consent (name public, where the goods went shown) with the caller and the time; returns the new version.</summary>
public sealed record RecordDonorConsent(int DonorId, int? ExpectedVersion, bool NamePublic, bool TracePublic) : ICommand<int>;

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

public sealed class SaveDonorHandler(SupplyTrackerDbContext db, CallerContext caller)
    : ICommandHandler<CreateDonor, int>, ICommandHandler<UpdateDonor, int>, ICommandHandler<RecordDonorConsent, int>
{
    public async ValueTask<int> Handle(CreateDonor command, CancellationToken cancellationToken)
    {
        var f = command.Fields;
        var donor = new Donor(f.Name, f.Kind, f.ContactName, f.Phone, f.Email, f.Address, f.IsAnonymous, f.PreferredLanguage, f.WantsFollowUp);
        // Asking not to be named, or not to have the goods followed, is a consent decision: recorded. Naming a person needs
        // the explicit consent command (a default "false" in a create body is not a person's yes).
        if (command.NamePublic is not null || f.IsAnonymous || !f.TracePublic)
            donor.RecordConsent(command.NamePublic ?? donor.NamePublic, f.TracePublic, caller.UserName, caller.Now.UtcDateTime);
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
        var (namePublic, tracePublic) = (donor.NamePublic, donor.TracePublic);
        donor.Update(f.Name, f.Kind, f.ContactName, f.Phone, f.Email, f.Address, donor.IsAnonymous, f.PreferredLanguage, f.WantsFollowUp);
        // A changed consent through the entity is recorded like the command: who and when.
        if (command.NamePublic is not null || f.IsAnonymous == namePublic || f.TracePublic != tracePublic)
            donor.RecordConsent(command.NamePublic ?? !f.IsAnonymous, f.TracePublic, caller.UserName, caller.Now.UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return donor.Version;
    }

    public async ValueTask<int> Handle(RecordDonorConsent command, CancellationToken cancellationToken)
    {
        var donor = await db.Donors.GetAsync(command.DonorId, cancellationToken);
        if (command.ExpectedVersion is { } expected && expected != donor.Version)
            throw new StaleVersionException(nameof(Donor), command.DonorId);
        donor.RecordConsent(command.NamePublic, command.TracePublic, caller.UserName, caller.Now.UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return donor.Version;
    }
}
