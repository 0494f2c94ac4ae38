using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Mail;

/// <summary>A mail ready to queue: subject and bodies already in the donor's language.</summary>
public sealed record MailContent(string Language, string Subject, string TextBody, string HtmlBody, IReadOnlyList<MailAttachment> Attachments);

public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// The seam every mail to a donor goes through. <see cref="QueueAsync"/> writes an <see cref="OutboxMessage"/> with the
/// caller's DbContext, so inside a command (TransactionBehavior's transaction) the mail commits with the receipt or
/// not at all; the outbox worker sends it afterwards.
/// </summary>
public sealed class Outbox(SupplyTrackerDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Queues <paramref name="content"/> for <paramref name="donor"/>. Returns null, queuing nothing, when the donor has
    /// no email address, or for a follow-up the donor opted out of. Saves the DbContext (the caller's pending changes too).
    /// </summary>
    public async Task<OutboxMessage?> QueueAsync(Donor donor, MailKind kind, int? donationId, string? reference, MailContent content,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(donor.Email)) return null;
        if (kind == MailKind.WhereItWent && !donor.WantsFollowUp) return null;
        var message = new OutboxMessage(donor.Id, donationId, donor.Email, content.Language, kind, reference, content.Subject,
            content.TextBody, content.HtmlBody, content.Attachments.Select(a => new OutboxAttachment(a.FileName, a.ContentType, a.Content)),
            clock.GetUtcNow().UtcDateTime);
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        return message;
    }

    /// <summary>Queues a mail to a staff member (recall notice, alert digest) without saving: it commits with the caller's changes.</summary>
    public OutboxMessage QueueToStaff(string toAddress, MailKind kind, string? reference, MailContent content)
    {
        var message = OutboxMessage.ToStaff(toAddress, content.Language, kind, reference, content.Subject, content.TextBody, content.HtmlBody,
            clock.GetUtcNow().UtcDateTime);
        db.OutboxMessages.Add(message);
        return message;
    }
}
