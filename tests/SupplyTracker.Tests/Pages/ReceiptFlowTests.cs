using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Pages;

/// <summary>Receipts from the donation page: issue, download, verify publicly, see the mail's delivery status.</summary>
[Trait("Database", "true")]
public sealed class ReceiptFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Logistics_issues_a_receipt_for_an_inspected_donation_downloads_the_pdf_and_the_verification_page_says_valid()
    {
        var donationId = await UnreceiptedInspectedDonationAsync();
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "receipt-issue", async () =>
        {
            await page.GotoAsync($"/Donations/Details/{donationId}");
            await page.ClickAsync("button:has-text('開立收據')");
            await page.ClickAsync("dialog.confirm button[data-confirm-yes]");
            await page.WaitForURLAsync("**/Receipts/ST-**");
            Assert.Contains("有效", await page.InnerTextAsync(".receipt-status"), StringComparison.Ordinal);
            Assert.Contains("郵件尚未設定", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            await BrowserApp.SaveScreenshotAsync(page, "receipt");

            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a.download"));
            var path = await download.PathAsync();
            var head = new byte[4];
            await using (var file = File.OpenRead(path!)) await file.ReadExactlyAsync(head);
            Assert.Equal("%PDF", Encoding.ASCII.GetString(head));
            Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);

            await page.ClickAsync("a.verify");
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/verify/ST-"));
            var text = await page.InnerTextAsync("body");
            Assert.Contains("真實有效", text, StringComparison.Ordinal);
            Assert.Contains("Valid", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Dashboard_says_mail_is_not_configured_in_each_language()
    {
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "mail-not-configured", async () =>
        {
            await page.GotoAsync("/Dashboard");
            Assert.Contains("郵件尚未設定；收據郵件將留在佇列中。", await page.InnerTextAsync(".mail-off"), StringComparison.Ordinal);
            await page.ClickAsync("header button[value=zh-Hans]");
            await page.WaitForSelectorAsync("h1:has-text('总览')");
            Assert.Contains("邮件尚未配置", await page.InnerTextAsync(".mail-off"), StringComparison.Ordinal);
            await page.ClickAsync("header button[value=en]");
            await page.WaitForSelectorAsync("h1:has-text('Dashboard')");
            Assert.Contains("Mail is not configured; receipts stay queued.", await page.InnerTextAsync(".mail-off"), StringComparison.Ordinal);
        });
    }

    private async Task<int> UnreceiptedInspectedDonationAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        return await db.Donations
            .Where(d => d.Lines.Any() && !d.Lines.Any(l => l.Disposition == LineDisposition.Pending || l.Disposition == LineDisposition.Quarantined))
            .Where(d => d.Lines.Any(l => l.Disposition == LineDisposition.Accepted))
            .Where(d => !db.DonorReceipts.Any(r => r.DonationId == d.Id))
            .OrderBy(d => d.Id).Select(d => d.Id).FirstAsync();
    }
}
