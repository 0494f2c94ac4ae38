using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Mail;

namespace SupplyTracker.Tests.Domain;

public sealed class OutboxMessageTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private static OutboxMessage Queued() =>
        new(1, null, "donor@example.org", "en", MailKind.Receipt, "RC-2026-0001", "Receipt", "text", "<p>html</p>", [], Now);

    [Fact]
    public void A_claim_fixes_the_Message_ID_and_a_claim_after_the_lease_keeps_it()
    {
        var message = Queued();
        message.Claim(Now, Lease);
        var id = message.MessageId;
        Assert.Matches("^<outbox-0-[0-9a-f]{32}@supplytracker>$", id);

        Assert.False(message.IsDue(Now + Lease - TimeSpan.FromSeconds(1)));
        Assert.Throws<DomainRuleException>(() => message.Claim(Now + TimeSpan.FromMinutes(1), Lease));

        message.Claim(Now + Lease, Lease);
        Assert.Equal((OutboxStatus.Sending, 2, id), (message.Status, message.Attempts, message.MessageId));
    }

    [Fact]
    public void A_message_is_failed_on_a_permanent_answer_or_when_attempts_run_out()
    {
        var permanent = Queued();
        permanent.Claim(Now, Lease);
        permanent.RecordFailure(Now, "550 no such user", permanent: true, maxAttempts: 6, TimeSpan.FromMinutes(2));
        Assert.Equal((OutboxStatus.Failed, "550 no such user"), (permanent.Status, permanent.LastError));

        var transient = Queued();
        transient.Claim(Now, Lease);
        transient.RecordFailure(Now, "451 later", permanent: false, maxAttempts: 2, TimeSpan.FromMinutes(2));
        Assert.Equal((OutboxStatus.Queued, Now.AddMinutes(2)), (transient.Status, transient.NextAttemptAt));
        transient.Claim(Now.AddMinutes(2), Lease);
        transient.RecordFailure(Now.AddMinutes(2), "451 later", permanent: false, maxAttempts: 2, TimeSpan.FromMinutes(4));
        Assert.Equal(OutboxStatus.Failed, transient.Status);
    }

    [Fact]
    public void Resending_a_sent_message_makes_a_new_mail_and_a_queued_one_cannot_be_resent()
    {
        var message = Queued();
        Assert.Throws<DomainRuleException>(() => message.Requeue(Now));
        message.Claim(Now, Lease);
        var first = message.MessageId;
        Assert.Throws<DomainRuleException>(() => message.Readdress("other@example.org", Now));
        message.MarkSent(Now);

        message.Requeue(Now);
        Assert.Equal((OutboxStatus.Queued, 0, null), (message.Status, message.Attempts, message.MessageId));
        message.Claim(Now, Lease);
        Assert.NotEqual(first, message.MessageId);
    }

    [Fact]
    public void Retry_delays_double_from_the_base_up_to_the_cap()
    {
        var options = new MailOptions { RetryBaseDelay = TimeSpan.FromMinutes(2), MaxRetryDelay = TimeSpan.FromMinutes(20) };
        Assert.Equal([2, 4, 8, 16, 20, 20], Enumerable.Range(1, 6).Select(a => options.RetryDelay(a).TotalMinutes));
    }
}
