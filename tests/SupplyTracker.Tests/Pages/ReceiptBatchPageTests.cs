using System.Text;
using Microsoft.Playwright;

namespace SupplyTracker.Tests.Pages;

/// <summary>Many receipts at once: its own app, since the batch receipts every seeded donation.</summary>
[Trait("Database", "true")]
public sealed class ReceiptBatchPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Logistics_starts_a_batch_watches_the_progress_bar_and_downloads_the_zip()
    {
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "receipt-batch", async () =>
        {
            await page.GotoAsync("/Receipts/Batch");
            // The seeded donations were received in early 2020.
            await page.FillAsync("#Input_From", "2020-01-01");
            await page.FillAsync("#Input_To", "2020-12-31");
            await page.ClickAsync("button.primary");
            await page.WaitForURLAsync("**/Receipts/Batch/**");
            // Retried until it holds: the meta refresh may be reloading the page at the moment the URL matched.
            await Assertions.Expect(page.Locator("progress#batch-progress")).ToHaveCountAsync(1, new() { Timeout = 120_000 });

            // The meta refresh reloads the page every 2 s until the batch is done.
            await page.WaitForSelectorAsync(".batch-status[data-status=Done]");
            Assert.True(await page.Locator(".batch-receipts li").CountAsync() > 0);
            Assert.Equal(await page.GetAttributeAsync("#batch-progress", "max"), await page.GetAttributeAsync("#batch-progress", "value"));

            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a.zip"));
            var head = new byte[2];
            await using (var file = File.OpenRead((await download.PathAsync())!)) await file.ReadExactlyAsync(head);
            Assert.Equal("PK", Encoding.ASCII.GetString(head));
        });
    }

    [Fact]
    public async Task A_range_ending_before_it_starts_is_refused_with_the_input_kept()
    {
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "receipt-batch-invalid", async () =>
        {
            await page.GotoAsync("/Receipts/Batch");
            await page.FillAsync("#Input_From", "2026-03-10");
            await page.FillAsync("#Input_To", "2026-03-01");
            await page.ClickAsync("button.primary");
            await page.WaitForSelectorAsync(".errors li");
            Assert.Contains("結束日期不可早於開始日期。", await page.InnerTextAsync(".errors"), StringComparison.Ordinal);
            Assert.Equal("2026-03-10", await page.InputValueAsync("#Input_From"));
        });
    }
}
