using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Pages;

/// <summary>Donations/New: how a value was set, a line directed on its own, and the expiry warning the user acknowledges.</summary>
[Trait("Database", "true")]
public sealed class IntakeFormPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_expired_lot_is_questioned_with_everything_typed_kept_and_saved_once_acknowledged_with_its_appraised_value_and_a_directed_line()
    {
        var page = await app.NewPageAsync("logistics");
        var reference = "EXP-" + Guid.NewGuid().ToString("N")[..8];
        await BrowserApp.RunAsync(page, "intake-expiry-warning", async () =>
        {
            await page.GotoAsync("/Donations/New");
            await page.SelectOptionAsync("#Input_DonorId", new SelectOptionValue { Index = 1 });
            await page.FillAsync("#Input_Reference", reference);
            await page.FillAsync("#Input_Lines_0__Item", "DIS-84");
            await page.FillAsync("#Input_Lines_0__Quantity", "24");
            await page.FillAsync("#Input_Lines_0__LotNumber", "84-2020-OLD");
            await page.FillAsync("#Input_Lines_0__ExpiresOn", "2022-01-31");
            await page.FillAsync("#Input_Lines_0__DeclaredValue", "120");
            await page.SelectOptionAsync("#Input_Lines_0__ValueBasis", "Appraised");
            await page.FillAsync("#Input_Lines_0__ValueNote", "按市價估價（倉庫 王建國）");
            await page.FillAsync("#Input_Lines_1__Item", "MSK-SURG");
            await page.FillAsync("#Input_Lines_1__Quantity", "100");
            await page.SelectOptionAsync("#Input_Lines_1__DirectedToLocationId", new SelectOptionValue { Label = "和平檢查站" });
            await page.ClickAsync("p.actions button.primary");

            // Not saved: the warning names the line in the page's language, and every value typed is still there.
            await Assertions.Expect(page.Locator("#expiry-warning")).ToBeVisibleAsync();
            Assert.EndsWith("/Donations/New", page.Url, StringComparison.Ordinal);
            Assert.Contains("第 1 行：已於 2022-01-31 過期。", await page.InnerTextAsync("#expiry-warning"), StringComparison.Ordinal);
            Assert.Equal("84-2020-OLD", await page.InputValueAsync("#Input_Lines_0__LotNumber"));
            Assert.Equal("2022-01-31", await page.InputValueAsync("#Input_Lines_0__ExpiresOn"));
            Assert.Equal("Appraised", await page.InputValueAsync("#Input_Lines_0__ValueBasis"));
            Assert.Equal("按市價估價（倉庫 王建國）", await page.InputValueAsync("#Input_Lines_0__ValueNote"));
            Assert.NotEqual("", await page.InputValueAsync("#Input_Lines_1__DirectedToLocationId"));

            await BrowserApp.SaveScreenshotAsync(page, "intake-expiry-warning-1366");
            await page.SetViewportSizeAsync(390, 844);
            await BrowserApp.SaveScreenshotAsync(page, "intake-expiry-warning-390");
            await page.SetViewportSizeAsync(1366, 768);
            await page.CheckAsync("input[name='Input.ExpiryAcknowledged']");
            await page.ClickAsync("#expiry-warning button.primary");
            await page.WaitForURLAsync("**/Donations/Details/**");
            var table = await page.InnerTextAsync("table.list");
            Assert.Contains("本單位估價", table, StringComparison.Ordinal);
            Assert.Contains("按市價估價（倉庫 王建國）", table, StringComparison.Ordinal);
            Assert.Contains("和平檢查站", table, StringComparison.Ordinal);
            await BrowserApp.SaveScreenshotAsync(page, "intake-details-1366");
            await page.SetViewportSizeAsync(390, 844);
            await BrowserApp.SaveScreenshotAsync(page, "intake-details-390");
        });

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var donation = await db.Donations.AsNoTracking().Include(d => d.Lines).SingleAsync(d => d.Reference == reference);
        var heping = await db.Locations.Where(l => l.Code == "CP-HEPING").Select(l => l.Id).SingleAsync();
        var lines = donation.Lines.OrderBy(l => l.LineNumber).ToList();
        Assert.Equal((ValueBasis.Appraised, "按市價估價（倉庫 王建國）", 120m), (lines[0].ValueBasis!.Value, lines[0].ValueNote!, lines[0].DeclaredValue!.Value));
        Assert.Null(donation.DirectedToLocationId);
        Assert.Null(lines[0].DirectedToLocationId);
        Assert.Equal(heping, lines[1].DirectedToLocationId);
    }
}
