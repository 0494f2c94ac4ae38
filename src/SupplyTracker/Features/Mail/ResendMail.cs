using FluentValidation;
using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;

namespace SupplyTracker.Features.Mail;

/// <summary>Logistics sends a Failed or Sent mail again; the worker picks it up on its next round.</summary>
public sealed record ResendMail(long OutboxMessageId) : ICommand<int>;

/// <summary>
/// Corrects the donor's email address (through <see cref="UpdateDonor"/>, so the donor record and its version change as
/// any edit would) and sends the mail again to the new address, all in one transaction.
/// </summary>
public sealed record CorrectAddressAndResend(long OutboxMessageId, string Email) : ICommand<int>;

public sealed class CorrectAddressAndResendValidator : AbstractValidator<CorrectAddressAndResend>
{
    public CorrectAddressAndResendValidator() => RuleFor(c => c.Email).NotEmpty().MaximumLength(200).EmailAddress();
}

public sealed class ResendMailHandler(SupplyTrackerDbContext db, ISender sender, TimeProvider clock)
    : ICommandHandler<ResendMail, int>, ICommandHandler<CorrectAddressAndResend, int>
{
    public async ValueTask<int> Handle(ResendMail command, CancellationToken cancellationToken)
    {
        var message = await db.OutboxMessages.GetAsync(command.OutboxMessageId, cancellationToken);
        message.Requeue(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return message.Version;
    }

    public async ValueTask<int> Handle(CorrectAddressAndResend command, CancellationToken cancellationToken)
    {
        var message = await db.OutboxMessages.GetAsync(command.OutboxMessageId, cancellationToken);
        if (message.DonorId is not { } donorId)
            throw new DomainRuleException("email", ErrorCodes.MailStaffAddress, message.Id);
        var donor = await db.Donors.GetAsync(donorId, cancellationToken);
        var email = command.Email.Trim();
        // Joins this command's transaction: the donor edit and the resend commit together.
        await sender.Send(new UpdateDonor(donor.Id, donor.Version, new DonorFields(donor.Name, donor.Kind, donor.ContactName, donor.Phone, email,
            donor.Address, donor.IsAnonymous, donor.PreferredLanguage, donor.WantsFollowUp, donor.TracePublic)), cancellationToken);
        message.Readdress(email, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return message.Version;
    }
}
