using System.Net;
using System.Net.Http.Json;
using MimeKit;
using SupplyTracker.Tests.Api;
using SupplyTracker.Tests.Support;
using UglyToad.PdfPig;

namespace SupplyTracker.Tests.Infrastructure.Mail;

[Trait("Database", "true")]
public sealed class ReceiptDeliveryTests
{
    [Fact]
    public async Task Issuing_a_receipt_mails_its_PDF_to_the_donor_and_the_receipt_shows_it_was_sent()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var app = new MailApp(smtp.Port);
        var admin = app.AdminClient;
        var donation = (await admin.GetJsonAsync("/odata/Donations?$filter=reference eq 'SEED-2020-001'&$select=id")).Values()[0].GetProperty("id").GetInt32();

        using var issued = await admin.PostAsJsonAsync($"/odata/Donations({donation})/IssueReceipt", new { });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var receipt = await issued.JsonAsync();
        var number = receipt.GetProperty("number").GetString()!;
        Assert.Equal("Queued", receipt.GetProperty("mailStatus").GetString());

        await app.SendDueMailAsync();

        var message = Assert.Single(smtp.Received);
        Assert.Equal("csr@example-pharma.cn", message.To.Mailboxes.Single().Address);
        Assert.Contains(number, message.Subject, StringComparison.Ordinal);
        var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
        using var pdfBytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(pdfBytes);
        using var pdf = PdfDocument.Open(pdfBytes.ToArray());
        var text = string.Concat(pdf.GetPages().Select(p => p.Text));
        Assert.Contains(number, text, StringComparison.Ordinal);
        Assert.Contains("蘭州高新區某醫藥有限公司", text, StringComparison.Ordinal);

        var after = await admin.GetJsonAsync($"/odata/DonorReceipts('{number}')");
        Assert.Equal("Sent", after.GetProperty("mailStatus").GetString());
    }

    [Fact]
    public async Task A_donor_without_email_gets_a_receipt_and_no_mail()
    {
        await using var app = new MailApp(smtpPort: null);
        var admin = app.AdminClient;
        var donation = (await admin.GetJsonAsync("/odata/Donations?$filter=reference eq 'SEED-2020-003'&$select=id")).Values()[0].GetProperty("id").GetInt32();
        using var issued = await admin.PostAsJsonAsync($"/odata/Donations({donation})/IssueReceipt", new { });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await issued.JsonAsync()).GetProperty("mailStatus").ValueKind);
    }
}
