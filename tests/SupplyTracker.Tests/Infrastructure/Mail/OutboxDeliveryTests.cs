using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Mail;
using SupplyTracker.Tests.Api;
using SupplyTracker.Tests.Support;
using UglyToad.PdfPig;

namespace SupplyTracker.Tests.Infrastructure.Mail;

/// <summary>The outbox against a real SMTP server on loopback: what arrives, refusals, retries, restarts and failures.</summary>
[Trait("Database", "true")]
public sealed class OutboxDeliveryTests : IAsyncLifetime
{
    private SmtpTestServer _smtp = null!;
    private MailApp _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpTestServer.StartAsync();
        _app = new MailApp(_smtp.Port);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Theory]
    [InlineData("zh-Hant", "您的捐贈收據 RC-2026-0001", "衷心感謝您對疫情防控一線的捐贈")]
    [InlineData("zh-Hans", "您的捐赠收据 RC-2026-0001", "衷心感谢您对疫情防控一线的捐赠")]
    [InlineData("en", "Your donation receipt RC-2026-0001", "Thank you for your donation")]
    public async Task A_receipt_arrives_with_its_PDF_readable_in_the_donors_language(string language, string subject, string thanks)
    {
        var donor = await _app.DonorAsync(language);
        var pdf = TinyPdf.Create("Donation receipt RC-2026-0001");
        var id = await _app.QueueReceiptAsync(donor, "RC-2026-0001", pdf);
        var audited = await AuditPayloadAsync("QueueDonorMail");
        Assert.Contains("RC-2026-0001", audited, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(pdf)[..40], audited, StringComparison.Ordinal);

        Assert.Equal(1, await _app.SendDueMailAsync());

        var mail = Assert.Single(_smtp.Received);
        Assert.Equal(subject, mail.Subject);
        Assert.Equal(donor.Email, Assert.Single(mail.To.Mailboxes).Address);
        var from = Assert.Single(mail.From.Mailboxes);
        Assert.Equal(("蘭州市公安局高新分局", "noreply@example.org"), (from.Name, from.Address));
        Assert.Contains(thanks, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://supplytracker.example.org/verify/RC-2026-0001", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://supplytracker.example.org/verify/RC-2026-0001\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(thanks, mail.HtmlBody, StringComparison.Ordinal);

        var attachment = Assert.IsType<MimePart>(Assert.Single(mail.Attachments));
        Assert.Equal("RC-2026-0001.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var bytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(bytes);
        Assert.Equal(pdf, bytes.ToArray());
        using (var document = PdfDocument.Open(bytes.ToArray()))
            Assert.Contains("RC-2026-0001", document.GetPage(1).Text, StringComparison.Ordinal);

        var row = await _app.MessageOverApiAsync(id);
        Assert.Equal("Sent", row.GetProperty("status").GetString());
        Assert.Equal(language, row.GetProperty("language").GetString());
        Assert.Equal($"<{mail.MessageId}>", row.GetProperty("messageId").GetString());
        Assert.Equal(1, row.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_server_that_refuses_then_accepts_gets_the_message_exactly_once_after_back_off()
    {
        var id = await _app.QueueReceiptAsync(await _app.DonorAsync("zh-Hant"), "RC-2026-0002", TinyPdf.Create("RC-2026-0002"));
        _smtp.Refuse(2, 451, "4.3.2 Try again later");

        Assert.Equal(0, await _app.SendDueMailAsync());
        var first = await _app.MessageAsync(id);
        Assert.Equal((OutboxStatus.Queued, 1, "451 4.3.2 Try again later"), (first.Status, first.Attempts, first.LastError));
        Assert.Equal(_app.Clock.GetUtcNow().UtcDateTime + MailApp.RetryBaseDelay, first.NextAttemptAt);

        // Not due yet: nothing is tried.
        Assert.Equal(0, await _app.SendDueMailAsync());
        Assert.Equal(1, _smtp.Refused);

        _app.Clock.Advance(MailApp.RetryBaseDelay);
        Assert.Equal(0, await _app.SendDueMailAsync());
        var second = await _app.MessageAsync(id);
        Assert.Equal((OutboxStatus.Queued, 2), (second.Status, second.Attempts));
        Assert.Equal(_app.Clock.GetUtcNow().UtcDateTime + 2 * MailApp.RetryBaseDelay, second.NextAttemptAt);

        _app.Clock.Advance(2 * MailApp.RetryBaseDelay);
        Assert.Equal(1, await _app.SendDueMailAsync());
        Assert.Equal(0, await _app.SendDueMailAsync());

        var delivered = Assert.Single(_smtp.Received);
        var sent = await _app.MessageAsync(id);
        Assert.Equal((OutboxStatus.Sent, 3, null), (sent.Status, sent.Attempts, sent.LastError));
        Assert.Equal(first.MessageId, $"<{delivered.MessageId}>");
    }

    [Fact]
    public async Task After_the_last_retry_the_message_is_failed_with_the_servers_answer_and_can_be_resent()
    {
        var id = await _app.QueueReceiptAsync(await _app.DonorAsync("en"), "RC-2026-0003", TinyPdf.Create("RC-2026-0003"));
        _smtp.Refuse(100, 421, "4.7.0 Too many connections");

        for (var attempt = 1; attempt <= MailApp.MaxAttempts; attempt++)
        {
            Assert.Equal(0, await _app.SendDueMailAsync());
            _app.Clock.Advance(TimeSpan.FromHours(1));
        }
        Assert.Equal(0, await _app.SendDueMailAsync());

        var failed = await _app.MessageOverApiAsync(id);
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Equal(MailApp.MaxAttempts, failed.GetProperty("attempts").GetInt32());
        Assert.Contains("4.7.0 Too many connections", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var listed = await _app.AdminClient.GetJsonAsync("/odata/OutboxMessages?$filter=status eq 'Failed'&$select=id,lastError");
        Assert.Contains(listed.Values(), m => m.GetProperty("id").GetInt64() == id);

        _smtp.Refuse(0, 250, "");
        using var resent = await _app.PostAsync($"/odata/OutboxMessages({id})/Resend", new { });
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Equal("Queued", (await resent.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(1, await _app.SendDueMailAsync());
        Assert.Single(_smtp.Received);
    }

    [Fact]
    public async Task A_permanent_refusal_fails_at_once_and_a_corrected_address_gets_the_mail()
    {
        var donor = await _app.DonorAsync("zh-Hans");
        var id = await _app.QueueReceiptAsync(donor, "RC-2026-0004", TinyPdf.Create("RC-2026-0004"));
        _smtp.Refuse(1, 550, "5.1.1 Mailbox unknown");

        Assert.Equal(0, await _app.SendDueMailAsync());
        var failed = await _app.MessageOverApiAsync(id);
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
        Assert.Equal("550 5.1.1 Mailbox unknown", failed.GetProperty("lastError").GetString());

        using var invalid = await _app.PostAsync($"/odata/OutboxMessages({id})/CorrectAddressAndResend", new { email = "not an address" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        using var corrected = await _app.PostAsync($"/odata/OutboxMessages({id})/CorrectAddressAndResend", new { email = "office@example-build.org" });
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var queued = await corrected.JsonAsync();
        Assert.Equal(("Queued", "office@example-build.org"), (queued.GetProperty("status").GetString(), queued.GetProperty("toAddress").GetString()));
        var updated = await _app.AdminClient.GetJsonAsync($"/odata/Donors({donor.Id})");
        Assert.Equal("office@example-build.org", updated.GetProperty("email").GetString());
        Assert.Equal(donor.Version + 1, updated.GetProperty("version").GetInt32());

        Assert.Equal(1, await _app.SendDueMailAsync());
        var mail = Assert.Single(_smtp.Received);
        Assert.Equal("office@example-build.org", Assert.Single(mail.To.Mailboxes).Address);
        Assert.NotEqual(failed.GetProperty("messageId").GetString(), $"<{mail.MessageId}>");
    }

    [Fact]
    public async Task A_restart_sends_queued_mail_and_resends_a_message_caught_mid_send_with_the_same_Message_ID()
    {
        var path = MailApp.NewDatabase();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        long queued, midSend;
        string messageId;
        await using (var before = new MailApp(smtpPort: null, path, ownsDatabase: false, start))
        {
            queued = await before.QueueReceiptAsync(await before.DonorAsync("zh-Hant"), "RC-2026-0005", TinyPdf.Create("RC-2026-0005"));
            midSend = await before.QueueReceiptAsync(await before.DonorAsync("en"), "RC-2026-0006", TinyPdf.Create("RC-2026-0006"));
            // The process dies after claiming the message, before the server's answer was recorded.
            await using var scope = before.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
            var message = await db.OutboxMessages.SingleAsync(m => m.Id == midSend);
            message.Claim(before.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromMinutes(10));
            await db.SaveChangesAsync();
            messageId = message.MessageId!;
        }

        // Started after the lease ran out; the worker's own timer does the sending.
        await using var after = new MailApp(_smtp.Port, path, ownsDatabase: true, start.AddMinutes(30), pollInterval: TimeSpan.FromSeconds(30));
        Assert.Equal(OutboxStatus.Sending, (await after.MessageAsync(midSend)).Status);
        await Eventually(after, async () =>
            (await after.MessageAsync(queued)).Status == OutboxStatus.Sent && (await after.MessageAsync(midSend)).Status == OutboxStatus.Sent);

        Assert.Equal(2, _smtp.Received.Count);
        Assert.Equal(["RC-2026-0005", "RC-2026-0006"], _smtp.Received.Select(m => m.Attachments.OfType<MimePart>().Single().FileName![..^4]).Order());
        var resent = _smtp.Received.Single(m => m.Subject!.Contains("RC-2026-0006", StringComparison.Ordinal));
        Assert.Equal(messageId, $"<{resent.MessageId}>");
        Assert.Equal(2, (await after.MessageAsync(midSend)).Attempts);
    }

    [Fact]
    public async Task Without_an_SMTP_server_mail_stays_queued_and_the_API_says_mail_is_not_configured()
    {
        await using var unconfigured = new MailApp(smtpPort: null);
        var id = await unconfigured.QueueReceiptAsync(await unconfigured.DonorAsync("zh-Hant"), "RC-2026-0007", TinyPdf.Create("RC-2026-0007"));

        Assert.Equal(0, await unconfigured.SendDueMailAsync());
        var status = await unconfigured.AdminClient.GetJsonAsync("/odata/OutboxMessages/MailStatus()");
        Assert.False(status.GetProperty("mailConfigured").GetBoolean());
        Assert.Equal(1, status.GetProperty("queued").GetInt32());
        var message = await unconfigured.MessageOverApiAsync(id);
        Assert.Equal(("Queued", 0), (message.GetProperty("status").GetString(), message.GetProperty("attempts").GetInt32()));

        var configured = await _app.AdminClient.GetJsonAsync("/odata/OutboxMessages/MailStatus()");
        Assert.True(configured.GetProperty("mailConfigured").GetBoolean());
    }

    [Fact]
    public async Task Where_it_went_lists_the_stations_dates_and_quantities_in_the_donors_language()
    {
        var donation = await DonationIdAsync("SEED-2020-002");
        using var response = await _app.PostAsync($"/odata/Donations({donation})/QueueWhereItWent", new { });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var queued = await response.JsonAsync();
        Assert.Equal(("WhereItWent", "zh-Hans", "SEED-2020-002"),
            (queued.GetProperty("kind").GetString(), queued.GetProperty("language").GetString(), queued.GetProperty("reference").GetString()));

        using var again = await _app.PostAsync($"/odata/Donations({donation})/QueueWhereItWent", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        Assert.Equal(1, await _app.SendDueMailAsync());
        var mail = Assert.Single(_smtp.Received);
        Assert.Equal("您捐赠的物资去了哪里", mail.Subject);
        // The deployment's day (Asia/Shanghai), as the trace dates arrivals: after 16:00 UTC it is already tomorrow there.
        var today = _app.Services.GetRequiredService<SupplyTracker.Infrastructure.DeploymentTime>().DateOf(_app.Clock.GetUtcNow().UtcDateTime)
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"- {today}  定远派出所  KN95 防护口罩  300 只", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"- {today}  连搭派出所  KN95 防护口罩  250 只", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("仓库", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<td style=\"padding: 2px 12px 2px 0\">定远派出所</td>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Empty(mail.Attachments);
    }

    [Fact]
    public async Task A_donor_who_opted_out_gets_no_follow_up()
    {
        var donation = await DonationIdAsync("SEED-2020-006");
        var donorId = (await _app.AdminClient.GetJsonAsync($"/odata/Donations({donation})?$select=donorId")).GetProperty("donorId").GetInt32();
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/odata/Donors({donorId})") { Content = System.Net.Http.Json.JsonContent.Create(new { wantsFollowUp = false }) };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        using (var patched = await _app.AdminClient.SendAsync(request))
            Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
        Assert.False((await _app.AdminClient.GetJsonAsync($"/odata/Donors({donorId})")).GetProperty("wantsFollowUp").GetBoolean());

        using var response = await _app.PostAsync($"/odata/Donations({donation})/QueueWhereItWent", new { });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("opted out", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queued_mail_commits_with_the_callers_transaction_or_not_at_all()
    {
        var donor = await _app.DonorAsync("zh-Hant");
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var before = await db.OutboxMessages.CountAsync();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var tracked = await db.Donors.SingleAsync(d => d.Id == donor.Id);
            var message = await scope.ServiceProvider.GetRequiredService<Outbox>().QueueAsync(tracked, MailKind.Receipt, null, "RC-2026-0008",
                ReceiptMail.Compose(tracked, "RC-2026-0008", "https://supplytracker.example.org/verify/RC-2026-0008", TinyPdf.Create("RC-2026-0008")),
                CancellationToken.None);
            Assert.NotNull(message);
            await transaction.RollbackAsync();
        }
        db.ChangeTracker.Clear();
        Assert.Equal(before, await db.OutboxMessages.CountAsync());
    }

    private async Task<string> AuditPayloadAsync(string command)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        return await db.AuditEntries.Where(a => a.Command == command).OrderByDescending(a => a.Id).Select(a => a.Payload).FirstAsync();
    }

    private async Task<int> DonationIdAsync(string reference) =>
        (await _app.AdminClient.GetJsonAsync($"/odata/Donations?$filter=reference eq '{reference}'&$select=id")).Values()[0].GetProperty("id").GetInt32();

    /// <summary>Moves the app's clock one poll interval at a time until <paramref name="done"/> holds; fails after 30 real seconds.</summary>
    private static async Task Eventually(MailApp app, Func<Task<bool>> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await done())
        {
            Assert.False(timeout.IsCancellationRequested, "The outbox worker did not send the queued mail in time.");
            app.Clock.Advance(app.PollInterval);
            await Task.Delay(20);
        }
    }
}
