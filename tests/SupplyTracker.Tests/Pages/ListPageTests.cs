using System.Globalization;
using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Tests.Pages;

/// <summary>
/// The donations and movements lists in headless chromium: search, sort, paging with totals, and both exports read
/// back (the .xlsx with MiniExcel, the library that wrote it) and compared with what the pages showed.
/// </summary>
[Trait("Database", "true")]
public sealed class ListPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Donations_list_searches_sorts_pages_and_exports_exactly_the_rows_it_shows()
    {
        var donor = $"清單測試 {Guid.NewGuid():N}"[..13];
        await RecordDonationsAsync(donor, 60);
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "donations-list", async () =>
        {
            await page.GotoAsync("/Donations");
            await page.FillAsync("#f-q", donor);
            await page.ClickAsync("form.filters button[type=submit]");
            await page.WaitForURLAsync("**/Donations?q=*");
            Assert.Equal("第 1 頁，共 2 頁，60 筆", await page.InnerTextAsync(".page-count"));
            Assert.Equal(50, await page.Locator("table.list tbody tr").CountAsync());

            await page.ClickAsync("a.sort[data-sort=reference]");
            await page.WaitForURLAsync("**sort=reference**");
            Assert.Equal("ascending", await page.GetAttributeAsync("th:has(a[data-sort=reference])", "aria-sort"));
            Assert.EndsWith("-000", (await Column(page, 4))[0], StringComparison.Ordinal);
            await page.ClickAsync("a.sort[data-sort=reference]");
            await page.WaitForURLAsync("**desc=true**");
            var firstPage = await Rows(page);
            Assert.EndsWith("-059", firstPage[0][3], StringComparison.Ordinal);
            // Two units on one donation stay two quantities: 60 只 and 5 副, never "65".
            Assert.Equal("60 只5 副", firstPage[0][6].Replace("\n", "", StringComparison.Ordinal).Replace(" · ", "", StringComparison.Ordinal));

            await page.ClickAsync(".pager a[rel=next]");
            await page.WaitForURLAsync("**pageNumber=2**");
            Assert.Equal("第 2 頁，共 2 頁，60 筆", await page.InnerTextAsync(".page-count"));
            var shown = firstPage.Concat(await Rows(page)).ToList();
            Assert.Equal(60, shown.Count);
            Assert.Equal(Enumerable.Range(0, 60).Select(i => $"-{59 - i:D3}"), shown.Select(r => r[3][^4..]));

            var csv = await DownloadAsync(page, "csv");
            Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
            var csvRows = ReadCsv(Encoding.UTF8.GetString(csv, 3, csv.Length - 3));
            Assert.Equal(["編號", "收受日期", "捐贈者", "捐贈者單號"], csvRows[0][..4]);
            AssertSameRows(shown, csvRows.Skip(1).ToList(), columns: 7);

            var xlsx = ReadXlsx(await DownloadAsync(page, "xlsx"));
            Assert.Equal(csvRows[0], xlsx[0]);
            AssertSameRows(shown, xlsx.Skip(1).ToList(), columns: 7);
        });
    }

    [Fact]
    public async Task Movements_list_filters_by_date_sorts_by_quantity_pages_and_exports_exactly_the_rows_it_shows()
    {
        var (locationId, today) = await AdjustStockAsync(55);
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "movements-list", async () =>
        {
            await page.GotoAsync($"/Stock/Movements?locationId={locationId}");
            Assert.Equal("第 1 頁，共 2 頁，55 筆", await page.InnerTextAsync(".page-count"));

            await page.FillAsync("#f-from", today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await page.ClickAsync("form.filters button[type=submit]");
            await page.WaitForURLAsync("**from=*");
            Assert.Equal("第 1 頁，共 1 頁，0 筆", await page.InnerTextAsync(".page-count"));
            await page.FillAsync("#f-from", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await page.FillAsync("#f-to", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await page.ClickAsync("form.filters button[type=submit]");
            await page.WaitForURLAsync("**to=*");
            Assert.Equal("第 1 頁，共 2 頁，55 筆", await page.InnerTextAsync(".page-count"));

            await page.ClickAsync("a.sort[data-sort=quantity]");
            await page.WaitForURLAsync("**sort=quantity**");
            var firstPage = await Rows(page);
            Assert.Equal("+1 只", firstPage[0][6]);
            Assert.Equal("+50 只", firstPage[^1][6]);
            await page.ClickAsync(".pager a[rel=next]");
            await page.WaitForURLAsync("**pageNumber=2**");
            var shown = firstPage.Concat(await Rows(page)).ToList();
            Assert.Equal(Enumerable.Range(1, 55).Select(n => $"+{n} 只"), shown.Select(r => r[6]));

            var csv = await DownloadAsync(page, "csv");
            var csvRows = ReadCsv(Encoding.UTF8.GetString(csv, 3, csv.Length - 3));
            Assert.Equal(56, csvRows.Count);
            AssertSameRows(shown, csvRows.Skip(1).ToList(), columns: 10);
            var xlsx = ReadXlsx(await DownloadAsync(page, "xlsx"));
            Assert.Equal(csvRows, xlsx);
        });
    }

    [Fact]
    public async Task Donors_list_searches_filters_by_consent_sorts_and_exports_to_excel_exactly_the_rows_it_shows()
    {
        var prefix = $"名冊{Guid.NewGuid():N}"[..12];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
            var english = new Donor($"{prefix} B", DonorKind.Organisation, "Ms Lee", "0911-000-111", null, null, false, "en");
            english.RecordConsent(true, true, "logistics", new DateTime(2026, 11, 30, 2, 0, 0, DateTimeKind.Utc));
            db.Donors.AddRange(new Donor($"{prefix} C", DonorKind.Individual, "王先生", "0922-000-222", null, null, false, "zh-Hans"), english,
                new Donor($"{prefix} A", DonorKind.GovernmentBody, null, null, "c@example.org", null, false));
            await db.SaveChangesAsync();
        }
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "donors-list", async () =>
        {
            await page.GotoAsync("/Admin/Donors");
            await page.FillAsync("#f-q", prefix);
            await page.ClickAsync("form.filters button[type=submit]");
            await page.WaitForURLAsync("**/Admin/Donors?q=*");
            Assert.Equal("第 1 頁，共 1 頁，3 筆", await page.InnerTextAsync(".page-count"));
            var byName = await Rows(page);
            Assert.Equal([$"{prefix} A", $"{prefix} B", $"{prefix} C"], byName.Select(r => r[0]));

            await page.ClickAsync("a.sort[data-sort=language]");
            await page.WaitForURLAsync("**sort=language**");
            await page.ClickAsync("a.sort[data-sort=language]");
            await page.WaitForURLAsync("**desc=true**");
            var shown = await Rows(page);
            // Languages by their own names, never a code; ordered by code: zh-Hant, zh-Hans, en (descending).
            Assert.Equal(["繁體中文", "简体中文", "English"], shown.Select(r => r[^1]));
            Assert.Equal("0922-000-222", shown[1][3]);

            var xlsx = ReadXlsx(await DownloadAsync(page, "xlsx"));
            Assert.Equal(["名稱", "類型", "聯絡人", "電話", "電子郵件"], xlsx[0][..5]);
            AssertSameRows(shown, xlsx.Skip(1).ToList(), columns: 9);

            await page.SelectOptionAsync("#f-consent", "Recorded");
            await page.ClickAsync("form.filters button[type=submit]");
            await page.WaitForURLAsync("**consent=Recorded**");
            var recorded = Assert.Single(await Rows(page));
            Assert.Equal($"{prefix} B", recorded[0]);
            Assert.Equal("language", new Uri(page.Url).Query.Split('&').Single(p => p.StartsWith("sort=", StringComparison.Ordinal))[5..]);
        });
    }

    private static void AssertSameRows(List<string[]> shown, List<string[]> exported, int columns)
    {
        Assert.Equal(shown.Count, exported.Count);
        for (var i = 0; i < shown.Count; i++)
            Assert.Equal(shown[i][..columns].Select(Plain), exported[i][..columns].Select(Plain));
    }

    /// <summary>The page writes 1,234 and quantities of two units on two lines; the export writes 1234 and joins them with " · ".</summary>
    private static string Plain(string text) => text.Replace(",", "", StringComparison.Ordinal).Replace(" · ", "", StringComparison.Ordinal)
        .Replace("\n", "", StringComparison.Ordinal).Trim();

    private static async Task<List<string>> Column(IPage page, int n) => [.. await page.Locator($"table.list tbody tr td:nth-child({n})").AllInnerTextsAsync()];

    private static async Task<List<string[]>> Rows(IPage page)
    {
        var rows = new List<string[]>();
        foreach (var row in await page.Locator("table.list tbody tr").AllAsync())
            rows.Add([.. (await row.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim())]);
        return rows;
    }

    private static async Task<byte[]> DownloadAsync(IPage page, string format)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($".pager a[href*='export={format}']"));
        Assert.EndsWith("." + format, download.SuggestedFilename, StringComparison.Ordinal);
        return await File.ReadAllBytesAsync((await download.PathAsync())!);
    }

    private static List<string[]> ReadXlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return [.. stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>()
            .Select(row => row.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").ToArray())];
    }

    private static List<string[]> ReadCsv(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { fields.Add(field.ToString().TrimEnd('\r')); field.Clear(); rows.Add([.. fields]); fields.Clear(); }
            else field.Append(c);
        }
        return rows;
    }

    private async Task RecordDonationsAsync(string donorName, int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var donor = new Donor(donorName, DonorKind.Organisation, null, null, null, null, false);
        db.Donors.Add(donor);
        await db.SaveChangesAsync();
        var warehouse = await db.Locations.FirstAsync(l => l.Kind == LocationKind.Warehouse);
        var masks = await db.Items.SingleAsync(i => i.Code == "MSK-SURG");
        var gloves = await db.Items.SingleAsync(i => i.Code == "GLV-NITRILE");
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var reference = $"LT-{Guid.NewGuid():N}"[..11];
        for (var i = 0; i < count; i++)
        {
            List<RecordDonation.Line> lines = [new(masks.Id, i + 1, null, null, null)];
            if (i % 2 == 1) lines.Add(new(gloves.Id, 5, null, null, null));
            await mediator.Send(new RecordDonation(donor.Id, warehouse.Id, new DateOnly(2026, 1, 1).AddDays(i % 30), null, lines, $"{reference}-{i:D3}"));
        }
    }

    private async Task<(int LocationId, DateOnly Today)> AdjustStockAsync(int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var code = $"LST-{Guid.NewGuid():N}"[..12];
        var location = new SupplyTracker.Domain.Location(code, "清單測試倉", "清单测试仓", "List test store", LocationKind.Warehouse, 0, 0);
        db.Locations.Add(location);
        await db.SaveChangesAsync();
        var masks = await db.Items.SingleAsync(i => i.Code == "MSK-SURG");
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        foreach (var n in Enumerable.Range(1, count).OrderBy(n => (n * 37) % count))
            await mediator.Send(new AdjustStock(location.Id, masks.Id, null, null, n, AdjustmentReason.Found, null));
        return (location.Id, scope.ServiceProvider.GetRequiredService<DeploymentTime>().Today);
    }
}
