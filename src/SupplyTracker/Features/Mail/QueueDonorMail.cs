using FluentValidation;
using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Mail;

/// <summary>
/// Queues a mail to a donor in the donor's own language. Returns the outbox message id, or null when the donor has no
/// email address (or opted out of follow-ups). Handlers that already run in a transaction call <see cref="Outbox"/> directly.
/// </summary>
public sealed record QueueDonorMail(int DonorId, MailKind Kind, int? DonationId, string? Reference, string Language, string Subject,
    string TextBody, string HtmlBody, IReadOnlyList<MailAttachment> Attachments) : ICommand<long?>;

public sealed class QueueDonorMailValidator : AbstractValidator<QueueDonorMail>
{
    public QueueDonorMailValidator()
    {
        RuleFor(c => c.Kind).IsInEnum();
        RuleFor(c => c.Language).Must(l => l is "zh-Hant" or "zh-Hans" or "en").WithCode(ErrorCodes.FieldLanguage);
        RuleFor(c => c.Subject).NotEmpty().MaximumLength(OutboxMessage.SubjectMaxLength);
        RuleFor(c => c.TextBody).NotEmpty();
        RuleFor(c => c.HtmlBody).NotEmpty();
        RuleFor(c => c.Reference).MaximumLength(OutboxMessage.ReferenceMaxLength);
        RuleForEach(c => c.Attachments).ChildRules(a =>
        {
            a.RuleFor(x => x.FileName).NotEmpty().MaximumLength(200);
            a.RuleFor(x => x.ContentType).NotEmpty().MaximumLength(100);
            a.RuleFor(x => x.Content).NotEmpty();
        });
    }
}

public sealed class QueueDonorMailHandler(SupplyTrackerDbContext db, Outbox outbox) : ICommandHandler<QueueDonorMail, long?>
{
    public async ValueTask<long?> Handle(QueueDonorMail command, CancellationToken cancellationToken)
    {
        var donor = await db.Donors.GetAsync(command.DonorId, cancellationToken);
        if (command.DonationId is { } donationId)
            await db.EnsureExistsAsync(typeof(Donation), donationId, cancellationToken);
        var content = new MailContent(command.Language, command.Subject, command.TextBody, command.HtmlBody, command.Attachments);
        var message = await outbox.QueueAsync(donor, command.Kind, command.DonationId, command.Reference, content, cancellationToken);
        return message?.Id;
    }
}
