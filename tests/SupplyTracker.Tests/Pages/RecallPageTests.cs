using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Alerts;

namespace SupplyTracker.Tests.Pages;

/// <summary>Recalls and the alert bell through the pages in Traditional Chinese (the default UI language).</summary>
[Trait("Database", "true")]
public sealed class RecallPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Lot = "YY20191203";

    [Fact]
    public async Task Logistics_raise_a_recall_see_its_trace_and_the_station_learns_of_it_by_the_bell_and_confirms_it_has_set_the_goods_aside()
    {
        var logistics = await app.NewPageAsync("logistics");
        var recallUrl = "";
        await BrowserApp.RunAsync(logistics, "recall-raise", async () =>
        {
            await logistics.GotoAsync("/Recalls");
            await logistics.ClickAsync("a:has-text('發起召回')");
            await logistics.WaitForURLAsync("**/Recalls/New");
            Assert.Equal("發起召回", await logistics.InnerTextAsync("h1"));
            await logistics.FillAsync("#Input_Item", "MSK-SURG");
            await logistics.FillAsync("#Input_LotNumbers", Lot);
            await logistics.SelectOptionAsync("#Input_Source", "Authority");
            Assert.Contains("主管機關", await logistics.InnerTextAsync("#Input_Source"));
            await logistics.FillAsync("#Input_Reason", "註冊證號查無此證");
            await logistics.ClickAsync("button:has-text('發起召回')");
            await logistics.WaitForURLAsync("**/Recalls/Details/*");
            recallUrl = new Uri(logistics.Url).AbsolutePath;
            var main = await logistics.InnerTextAsync("main");
            Assert.Contains("註冊證號查無此證", main);
            Assert.Contains("追溯", main);
            Assert.Contains(Lot, main);
            // Every label on the page is in Chinese: no English key shows through.
            foreach (var english in new[] { "Lots", "Reason", "Source", "Stations confirmed", "Trace", "Held now", "First received", "Authority" })
                Assert.DoesNotContain(english, main, StringComparison.Ordinal);
            Assert.True(await logistics.Locator("tr[data-location='CP-HEPING']").CountAsync() == 1);
            await BrowserApp.SaveScreenshotAsync(logistics, "recall-details");
        });

        var station = await app.NewPageAsync("station-heping");
        await BrowserApp.RunAsync(station, "recall-station-confirms", async () =>
        {
            await station.GotoAsync("/");
            var before = int.Parse(await station.InnerTextAsync("[data-alert-count]"), CultureInfo.InvariantCulture);
            Assert.True(before >= 1, $"bell shows {before}");
            await station.ClickAsync("a.bell");
            await station.WaitForURLAsync("**/Alerts");
            Assert.Equal("提醒", await station.InnerTextAsync("h1"));
            await station.ClickAsync($"table.alerts a[href='{recallUrl}']");
            await station.WaitForURLAsync($"**{recallUrl}");
            var row = station.Locator("tr[data-location='CP-HEPING']");
            Assert.Contains("尚未", await row.InnerTextAsync());
            await row.Locator("button:has-text('確認已隔離')").ClickAsync();
            await station.WaitForSelectorAsync("tr[data-location='CP-HEPING'] td:has-text('UTC')");
            Assert.StartsWith("1 /", (await station.InnerTextAsync("[data-progress]")).Trim(), StringComparison.Ordinal);
            // Confirming closes the station's recall notice: the bell counts one fewer.
            Assert.Equal(before - 1, int.Parse(await station.InnerTextAsync("[data-alert-count]"), CultureInfo.InvariantCulture));
        });
    }

    [Fact]
    public async Task Logistics_direct_a_donation_to_a_station_at_intake_and_see_it_marked_directed_on_the_stock_page()
    {
        var lot = $"DIRP{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var logistics = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(logistics, "directed-intake", async () =>
        {
            await logistics.GotoAsync("/Donations/New");
            Assert.Contains("不指定", await logistics.InnerTextAsync("#Input_DirectedToLocationId"));
            await logistics.SelectOptionAsync("#Input_DonorId", new Microsoft.Playwright.SelectOptionValue { Index = 1 });
            await logistics.SelectOptionAsync("#Input_DirectedToLocationId", new Microsoft.Playwright.SelectOptionValue { Label = "和平檢查站" });
            await logistics.FillAsync("#Input_Lines_0__Item", "DIS-84");
            await logistics.FillAsync("#Input_Lines_0__Quantity", "60");
            await logistics.FillAsync("#Input_Lines_0__LotNumber", lot);
            await logistics.FillAsync("#Input_Lines_0__ExpiresOn", "2028-06-30");
            // Wait for the redirect's commit, not its load event (which Playwright once missed for 120 s in CI).
            await Task.WhenAll(
                logistics.WaitForURLAsync("**/Donations/Details/*", new() { WaitUntil = Microsoft.Playwright.WaitUntilState.Commit }),
                logistics.ClickAsync("button.primary:has-text('儲存')"));
        });

        int heping;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
            heping = (await db.Locations.SingleAsync(l => l.Code == "CP-HEPING")).Id;
            var line = await db.DonationLines.Include(l => l.Donation).SingleAsync(l => l.LotNumber == lot);
            Assert.Equal((heping, heping), (line.Donation.DirectedToLocationId, line.DirectedToLocationId));
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SupplyTracker.Features.Donations.InspectDonation(line.DonationId,
                [new(line.Id, SupplyTracker.Features.Donations.LineDecision.Accept, null)]));
        }

        var stock = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(stock, "directed-stock-page", async () =>
        {
            await stock.GotoAsync($"/Stock?lot={lot}");
            var row = await stock.InnerTextAsync("table.list tbody tr");
            Assert.Contains(lot, row);
            Assert.Contains("定向：和平檢查站", row);
            await BrowserApp.SaveScreenshotAsync(stock, "directed-stock");
        });
    }

    [Fact]
    public async Task The_bell_counts_a_station_s_open_alerts_and_a_dismissal_from_the_list_takes_one_off()
    {
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RaiseAlerts());
        int open;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
            var heping = await db.Locations.SingleAsync(l => l.Code == "CP-HEPING");
            open = await db.Alerts.CountAsync(a => a.LocationId == heping.Id && a.Audience == AlertAudience.Station && a.DismissedAt == null);
        }
        Assert.True(open >= 1, "the seed gives 和平檢查站 at least one alert (expiring lots or low cover)");

        var station = await app.NewPageAsync("station-heping");
        await BrowserApp.RunAsync(station, "alert-bell-dismiss", async () =>
        {
            await station.GotoAsync("/Alerts");
            Assert.Equal(open.ToString(CultureInfo.InvariantCulture), await station.InnerTextAsync("[data-alert-count]"));
            Assert.Equal(open, await station.Locator("table.alerts tbody tr").CountAsync());
            var first = station.Locator("table.alerts tbody tr").First;
            var id = await first.GetAttributeAsync("data-alert");
            await first.Locator("button:has-text('關閉')").ClickAsync();
            await station.WaitForSelectorAsync($"tr[data-alert='{id}']", new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });
            Assert.Equal((open - 1).ToString(CultureInfo.InvariantCulture), await station.InnerTextAsync("[data-alert-count]"));
        });
    }
}
