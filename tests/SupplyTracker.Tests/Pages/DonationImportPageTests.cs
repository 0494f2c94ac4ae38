using System.Text;
using Microsoft.Playwright;

namespace SupplyTracker.Tests.Pages;

/// <summary>A donor's packing list as CSV: preview with row errors, then recorded as one donation.</summary>
[Trait("Database", "true")]
public sealed class DonationImportPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Header = "itemCode,quantity,lotNumber,expiresOn,declaredValue\n";

    [Fact]
    public async Task Rows_with_errors_are_shown_and_block_recording_then_a_clean_list_is_recorded()
    {
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "donation-import", async () =>
        {
            await page.GotoAsync("/Donations/Import");
            await page.SelectOptionAsync("#Input_DonorId", new SelectOptionValue { Index = 1 });
            await page.FillAsync("#Input_Reference", "CSV-" + Guid.NewGuid().ToString("N")[..8]);
            await UploadAsync(page, Header + "MSK-SURG,500,,,1000\nNO-SUCH,5,,,\nDIS-84,abc,,,\n");

            Assert.Equal(3, await page.Locator("table.preview tbody tr").CountAsync());
            Assert.Contains("未知的品項代碼。", await page.InnerTextAsync("tr[data-row='3'] .row-errors"), StringComparison.Ordinal);
            var dis = await page.InnerTextAsync("tr[data-row='4'] .row-errors");
            Assert.Contains("數量須為 1 至 1,000,000,000 的整數。", dis, StringComparison.Ordinal);
            Assert.Contains("此品項須填有效期限。", dis, StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("button:has-text('依此清單登記捐贈')").CountAsync());
            await ScreenshotAsync(page, "donation-import-errors");

            await UploadAsync(page, Header + "MSK-SURG,500,,,1000\nDIS-84,48,L-CSV-1,2028-12-31,\n");
            Assert.Equal(0, await page.Locator("tr[data-valid='false']").CountAsync());
            await page.ClickAsync("button:has-text('依此清單登記捐贈')");
            await page.WaitForURLAsync("**/Donations/Details/**");
            Assert.Equal(2, await page.Locator("table.list tbody tr").CountAsync());
            Assert.Contains("L-CSV-1", await page.InnerTextAsync("table.list"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_intake_sheet_naming_its_donors_is_previewed_as_donations_and_recorded_all_at_once()
    {
        var tag = "SHEET-" + Guid.NewGuid().ToString("N")[..8];
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "donation-import-sheet", async () =>
        {
            await page.GotoAsync("/Donations/Import");
            await UploadAsync(page, "donor,receivedOn,reference,itemCode,quantity,lotNumber,expiresOn,declaredValue\n" +
                $"陳志明,2026-11-20,{tag}-1,MSK-SURG,300,,,\n" +
                $"2,2026-11-21,{tag}-2,DIS-84,24,L-{tag},2028-12-31,\n" +
                $"陳志明,2026-11-20,{tag}-1,MSK-KN95,50,,,\n");

            Assert.Equal(2, await page.Locator("table.donations-preview tbody tr").CountAsync());
            await ScreenshotAsync(page, "donation-import-sheet");
            Assert.Contains("陳志明", await page.InnerTextAsync("table.donations-preview tbody tr:first-child"), StringComparison.Ordinal);
            await page.ClickAsync("button:has-text('依此清單登記 2 筆捐贈')");
            await page.WaitForURLAsync("**/Donations");
            Assert.Contains("已登記 2 筆捐贈，共 3 項明細", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_long_sheet_previews_only_its_rows_with_errors_then_its_first_rows_and_records_every_donation()
    {
        var tag = "LONG-" + Guid.NewGuid().ToString("N")[..8];
        string Sheet(Func<int, string> quantity) => "donor,reference,itemCode,quantity\n" +
            string.Concat(Enumerable.Range(0, 1_000).Select(i => $"{1 + i / 100 % 6},{tag}-{i / 100},MSK-SURG,{quantity(i)}\n"));
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "donation-import-long", async () =>
        {
            await page.GotoAsync("/Donations/Import");
            await UploadAsync(page, Sheet(i => i is 17 or 905 ? "0" : "10"));

            Assert.Equal(["19", "907"], await page.Locator("table.preview tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.row)"));
            Assert.Contains("共 1,000 列，2 列有錯", await page.InnerTextAsync("table.preview caption"), StringComparison.Ordinal);

            await UploadAsync(page, Sheet(_ => "10"));
            Assert.Equal(50, await page.Locator("table.preview tbody tr").CountAsync());
            Assert.Equal(10, await page.Locator("table.donations-preview tbody tr").CountAsync());
            await page.ClickAsync("button:has-text('依此清單登記 10 筆捐贈')");
            await page.WaitForURLAsync("**/Donations");
            Assert.Contains("已登記 10 筆捐贈，共 1,000 項明細", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_sheet_of_100000_rows_goes_through_the_page()
    {
        var tag = "HUGE-" + Guid.NewGuid().ToString("N")[..8];
        var csv = "donor,reference,itemCode,quantity,lotNumber,expiresOn\n" +
            string.Concat(Enumerable.Range(0, 100_000).Select(i => $"{1 + i / 100 % 6},{tag}-{i / 100},DIS-84,{1 + i % 50},L-{i % 97},2028-10-31\n"));
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "donation-import-huge", async () =>
        {
            await page.GotoAsync("/Donations/Import");
            await UploadAsync(page, csv);
            Assert.Contains("共 100,000 列，0 列有錯", await page.InnerTextAsync("table.preview caption"), StringComparison.Ordinal);
            await page.ClickAsync("button:has-text('依此清單登記 1,000 筆捐贈')");
            await page.WaitForURLAsync("**/Donations");
            Assert.Contains("已登記 1,000 筆捐贈，共 100,000 項明細", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        });
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserApp.ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotDirectory, $"{name}.png"), FullPage = true });
    }

    private static async Task UploadAsync(IPage page, string csv)
    {
        await page.SetInputFilesAsync("#Upload", new FilePayload { Name = "packing-list.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.ClickAsync("button:has-text('預覽')");
        await page.WaitForSelectorAsync("table.preview");
    }
}
