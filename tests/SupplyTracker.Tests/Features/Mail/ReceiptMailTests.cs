using SupplyTracker.Domain;
using SupplyTracker.Features.Mail;
using SupplyTracker.Infrastructure.Mail;

namespace SupplyTracker.Tests.Features.Mail;

public sealed class ReceiptMailTests
{
    [Fact]
    public void Markup_in_a_donor_name_is_escaped_in_HTML_and_Chinese_stays_readable()
    {
        var donor = new Donor("陳<b>志明</b>", DonorKind.Individual, null, null, "chen@example.com", null, isAnonymous: false, "zh-Hant");
        var mail = ReceiptMail.Compose(donor, "RC-2026-0001", "https://example.org/verify?n=RC-2026-0001&x=1", [1]);
        Assert.Contains("陳&lt;b&gt;志明&lt;/b&gt; 您好：", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/verify?n=RC-2026-0001&amp;x=1\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("陳<b>志明</b> 您好：", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("zh-Hant", mail.Language);
    }

    [Fact]
    public void A_receipt_number_becomes_a_safe_file_name()
    {
        var donor = new Donor("Fund", DonorKind.Organisation, null, null, "fund@example.org", null, isAnonymous: false, "en");
        var mail = ReceiptMail.Compose(donor, "2026/0001", "https://example.org/v/1", [1]);
        Assert.Equal(("2026-0001.pdf", "application/pdf"), (mail.Attachments[0].FileName, mail.Attachments[0].ContentType));
    }

    [Fact]
    public void The_default_sender_parses_with_its_Chinese_display_name()
    {
        var sender = new MailOptions().Sender;
        Assert.Equal(("蘭州市公安局高新分局", "noreply@example.org"), (sender.Name, sender.Address));
    }
}
