namespace SupplyTracker.Domain;

public enum MailKind { Receipt, WhereItWent, RecallNotice, AlertDigest }

public enum OutboxStatus { Queued, Sending, Sent, Failed }

/// <summary>
/// One mail to a donor, written in the same transaction as what caused it and sent later by the outbox worker.
/// Delivery is at least once: a message is Sent only after the SMTP server accepted it; one left in Sending by a crash
/// is claimed again when its lease runs out and goes out with the same Message-ID, so a duplicate can be recognised.
/// </summary>
public sealed class OutboxMessage
{
    public const int SubjectMaxLength = 300;
    public const int ErrorMaxLength = 1000;
    public const int ReferenceMaxLength = 64;

    private readonly List<OutboxAttachment> _attachments = [];

    private OutboxMessage() { }

    /// <summary>A mail to a staff member (a station's recall notice, the alert digest): no donor, no donation.</summary>
    public static OutboxMessage ToStaff(string toAddress, string language, MailKind kind, string? reference, string subject, string textBody,
        string htmlBody, DateTime now) =>
        new(null, null, toAddress, language, kind, reference, subject, textBody, htmlBody, [], now);

    public OutboxMessage(int? donorId, int? donationId, string toAddress, string language, MailKind kind, string? reference,
        string subject, string textBody, string htmlBody, IEnumerable<OutboxAttachment> attachments, DateTime now)
    {
        DonorId = donorId;
        DonationId = donationId;
        ToAddress = Item.Require(toAddress, nameof(toAddress), 200);
        Language = language is "zh-Hant" or "zh-Hans" or "en"
            ? language
            : throw new DomainValidationException(nameof(language), ErrorCodes.FieldLanguage);
        Kind = kind;
        Reference = string.IsNullOrWhiteSpace(reference) ? null : Item.Require(reference, nameof(reference), ReferenceMaxLength);
        Subject = Item.Require(subject, nameof(subject), SubjectMaxLength);
        TextBody = string.IsNullOrWhiteSpace(textBody) ? throw new DomainValidationException(nameof(textBody), ErrorCodes.FieldRequired) : textBody;
        HtmlBody = string.IsNullOrWhiteSpace(htmlBody) ? throw new DomainValidationException(nameof(htmlBody), ErrorCodes.FieldRequired) : htmlBody;
        _attachments.AddRange(attachments);
        Status = OutboxStatus.Queued;
        CreatedAt = DateTime.SpecifyKind(now, DateTimeKind.Utc);
        NextAttemptAt = CreatedAt;
    }

    public long Id { get; private set; }
    /// <summary>The donor the mail goes to; null for staff mail.</summary>
    public int? DonorId { get; private set; }
    /// <summary>The donation the mail is about, when there is one (receipts and follow-ups are per donation).</summary>
    public int? DonationId { get; private set; }
    public string ToAddress { get; private set; } = "";
    public string Language { get; private set; } = "zh-Hant";
    public MailKind Kind { get; private set; }
    /// <summary>What the mail carries, in the users' words: a receipt number, a donation reference.</summary>
    public string? Reference { get; private set; }
    public string Subject { get; private set; } = "";
    public string TextBody { get; private set; } = "";
    public string HtmlBody { get; private set; } = "";
    public IReadOnlyList<OutboxAttachment> Attachments => _attachments;
    public OutboxStatus Status { get; private set; }
    /// <summary>Attempts since the message was last queued.</summary>
    public int Attempts { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    /// <summary>While Sending: when another worker may assume this one died and claim the message again.</summary>
    public DateTime? LeaseUntil { get; private set; }
    /// <summary>The last failure: the SMTP server's answer (code and text) or why it could not be reached.</summary>
    public string? LastError { get; private set; }
    /// <summary>The RFC 5322 Message-ID, fixed at the first claim and kept across retries of the same mail.</summary>
    public string? MessageId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? SentAt { get; private set; }
    public int Version { get; private set; }

    public bool IsDue(DateTime now) =>
        (Status == OutboxStatus.Queued && NextAttemptAt <= now) || (Status == OutboxStatus.Sending && LeaseUntil <= now);

    /// <summary>Takes the message for one attempt; the claim is committed before the SMTP conversation starts.</summary>
    public void Claim(DateTime now, TimeSpan lease)
    {
        if (!IsDue(now))
            throw new DomainRuleException("status", ErrorCodes.MailNotDue, Id, Status);
        Status = OutboxStatus.Sending;
        Attempts++;
        LeaseUntil = now + lease;
        MessageId ??= NewMessageId();
        Version++;
    }

    /// <summary>The SMTP server accepted the message (MailKit's SendAsync returned).</summary>
    public void MarkSent(DateTime now)
    {
        EnsureStatus(OutboxStatus.Sending, "mark as sent");
        Status = OutboxStatus.Sent;
        SentAt = now;
        LeaseUntil = null;
        LastError = null;
        Version++;
    }

    /// <summary>An attempt failed: retried after <paramref name="retryDelay"/>, or Failed when it is permanent or attempts are used up.</summary>
    public void RecordFailure(DateTime now, string error, bool permanent, int maxAttempts, TimeSpan retryDelay)
    {
        EnsureStatus(OutboxStatus.Sending, "record a failure for");
        LastError = error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength];
        LeaseUntil = null;
        if (permanent || Attempts >= maxAttempts)
        {
            Status = OutboxStatus.Failed;
        }
        else
        {
            Status = OutboxStatus.Queued;
            NextAttemptAt = now + retryDelay;
        }
        Version++;
    }

    /// <summary>Staff send it again: a failed mail keeps its Message-ID (no server took it), a sent one is a new mail.</summary>
    public void Requeue(DateTime now)
    {
        if (Status is not (OutboxStatus.Failed or OutboxStatus.Sent))
            throw new DomainRuleException("status", ErrorCodes.MailNotResendable, Id, Status);
        if (Status == OutboxStatus.Sent) MessageId = null;
        Restart(now);
    }

    /// <summary>Sends it to a corrected address: a new mail, allowed unless an attempt is in flight.</summary>
    public void Readdress(string toAddress, DateTime now)
    {
        if (Status == OutboxStatus.Sending)
            throw new DomainRuleException("status", ErrorCodes.MailSending, Id);
        ToAddress = Item.Require(toAddress, nameof(toAddress), 200);
        MessageId = null;
        Restart(now);
    }

    private void Restart(DateTime now)
    {
        Status = OutboxStatus.Queued;
        Attempts = 0;
        NextAttemptAt = now;
        LeaseUntil = null;
        LastError = null;
        SentAt = null;
        Version++;
    }

    private string NewMessageId() => $"<outbox-{Id}-{Guid.NewGuid():N}@supplytracker>";

    private void EnsureStatus(OutboxStatus expected, string verb)
    {
        if (Status != expected)
            throw new DomainRuleException("status", ErrorCodes.MailWrongStatus, Id, Status, expected);
    }
}

/// <summary>A file carried by an outbox message, stored with it so the mail sends exactly what was issued.</summary>
public sealed class OutboxAttachment
{
    private OutboxAttachment() { }

    public OutboxAttachment(string fileName, string contentType, byte[] content)
    {
        FileName = Item.Require(fileName, nameof(fileName), 200);
        ContentType = Item.Require(contentType, nameof(contentType), 100);
        Content = content.Length > 0 ? content : throw new DomainValidationException(nameof(content), ErrorCodes.FieldEmptyFile);
    }

    public long Id { get; private set; }
    public long OutboxMessageId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public byte[] Content { get; private set; } = [];
}
