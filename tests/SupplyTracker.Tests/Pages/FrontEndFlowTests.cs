using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;

namespace SupplyTracker.Tests.Pages;

/// <summary>The browser flows, in headless chromium against the real app on a loopback port.</summary>
[Trait("Database", "true")]
public sealed class FrontEndFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Logistics_records_a_three_line_donation_by_keyboard_and_inspects_it()
    {
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "donation-by-keyboard", async () =>
        {
            await page.GotoAsync("/Donations/New");
            // The donor list has focus on arrival (autofocus); focusing it again keeps a slow machine from racing the page.
            await page.FocusAsync("#Input_DonorId");
            await page.Keyboard.PressAsync("ArrowDown");
            await page.FocusAsync("#Input_Reference");
            await page.Keyboard.TypeAsync("PW-" + Guid.NewGuid().ToString("N")[..8]);
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("鍵盤輸入");
            // Between the note and the lines sit the scan hint's camera button (shown where the browser offers a camera).
            await page.FocusAsync("#Input_Lines_0__Item");
            await page.Keyboard.TypeAsync("msk-surg");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("500");
            await page.Keyboard.PressAsync("Enter");
            await page.Keyboard.TypeAsync("KN95 防護口罩");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("300");
            await page.Keyboard.PressAsync("Enter");
            await page.Keyboard.TypeAsync("DIS-84");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("48");
            await page.Keyboard.PressAsync("Tab"); // the pack list: base units
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("L-PW-84");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("12312028");
            await page.Keyboard.PressAsync("Control+Enter");

            await page.WaitForURLAsync("**/Donations/Details/**");
            var statuses = page.Locator("table.list tbody tr td:nth-child(6)");
            Assert.Equal(3, await statuses.CountAsync());
            Assert.All(await statuses.AllInnerTextsAsync(), s => Assert.Contains("待驗收", s, StringComparison.Ordinal));
            Assert.Contains("L-PW-84", await page.InnerTextAsync("table.list"), StringComparison.Ordinal);

            // Every pending line defaults to Accept.
            await page.ClickAsync("button:has-text('儲存驗收')");
            await page.ClickAsync("dialog.confirm button[data-confirm-yes]");
            await page.WaitForSelectorAsync(".notice");
            Assert.All(await statuses.AllInnerTextsAsync(), s => Assert.Contains("已允收", s, StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Station_request_is_approved_allocated_dispatched_and_confirmed_with_one_line_partly_rejected()
    {
        var station = await app.NewPageAsync("station-heping");
        var logistics = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(station, "request-station", () => BrowserApp.RunAsync(logistics, "request-logistics", async () =>
        {
            await station.GotoAsync("/Requests/New");
            await station.SelectOptionAsync("#Input_Priority", "Urgent");
            await station.FillAsync("#Input_Justification", "夜班人手增加");
            await station.FillAsync("#Input_Lines_0__Item", "MSK-SURG");
            await station.FillAsync("#Input_Lines_0__Quantity", "100");
            await station.FillAsync("#Input_Lines_1__Item", "GLV-NITRILE");
            await station.FillAsync("#Input_Lines_1__Quantity", "50");
            await station.ClickAsync("button.primary");
            await station.WaitForURLAsync("**/Requests/Details/**");
            var url = station.Url;
            Assert.Contains("已送出", await station.InnerTextAsync("h1"), StringComparison.Ordinal);

            await logistics.GotoAsync(url);
            await logistics.FillAsync("#approve-0", "100");
            await logistics.FillAsync("#approve-1", "50");
            await logistics.ClickAsync("button.primary:has-text('核准')");
            await logistics.ClickAsync("dialog.confirm button[data-confirm-yes]");
            await logistics.WaitForSelectorAsync(".notice");
            Assert.Contains("已核准", await logistics.InnerTextAsync("h1"), StringComparison.Ordinal);
            await logistics.ClickAsync("button:has-text('配貨')");
            await logistics.ClickAsync("dialog.confirm button[data-confirm-yes]");
            await logistics.WaitForSelectorAsync("h1:has-text('已配貨')");
            await logistics.ClickAsync("button:has-text('發運')");
            await logistics.ClickAsync("dialog.confirm button[data-confirm-yes]");
            await logistics.WaitForSelectorAsync("h1:has-text('已發運')");
            var waybill = await logistics.RunAndWaitForDownloadAsync(() => logistics.ClickAsync("a.waybill"));
            var head = new byte[4];
            await using (var file = File.OpenRead((await waybill.PathAsync())!)) await file.ReadExactlyAsync(head);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(head));

            await station.GotoAsync(url);
            var rows = station.Locator("tr[data-shipped]");
            var gloveRejected = false;
            for (var i = 0; i < await rows.CountAsync(); i++)
            {
                var row = rows.Nth(i);
                var shipped = long.Parse((await row.GetAttributeAsync("data-shipped"))!, CultureInfo.InvariantCulture);
                var reject = !gloveRejected && await row.GetAttributeAsync("data-item") == "GLV-NITRILE";
                await station.FillAsync($"#accepted-{i}", (reject ? shipped - 10 : shipped).ToString(CultureInfo.InvariantCulture));
                await station.FillAsync($"#rejected-{i}", reject ? "10" : "0");
                if (reject) await station.FillAsync($"#reason-{i}", "包裝破損");
                gloveRejected |= reject;
            }
            Assert.True(gloveRejected);
            await station.ClickAsync("button:has-text('確認到貨')");
            await station.ClickAsync("dialog.confirm button[data-confirm-yes]");
            await station.WaitForSelectorAsync("h1:has-text('已送達')");
            Assert.Contains("包裝破損", await station.InnerTextAsync("table.list"), StringComparison.Ordinal);
        }));
    }

    [Fact]
    public async Task Language_switch_changes_the_page_and_is_remembered()
    {
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "language-switch", async () =>
        {
            await page.GotoAsync("/Dashboard");
            Assert.Equal("總覽", await page.InnerTextAsync("h1"));

            await page.ClickAsync("header button[value=en]");
            await page.WaitForSelectorAsync("h1:has-text('Dashboard')");
            Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
            await page.GotoAsync("/Stock");
            Assert.Equal("Stock", await page.InnerTextAsync("h1"));

            await page.ClickAsync("header button[value=zh-Hans]");
            await page.WaitForSelectorAsync("h1:has-text('库存')");
            var other = await page.Context.NewPageAsync();
            await other.GotoAsync("/Dashboard");
            Assert.Equal("总览", await other.InnerTextAsync("h1"));
        });
    }

    [Fact]
    public async Task Validation_error_keeps_everything_typed()
    {
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "validation-keeps-input", async () =>
        {
            await page.GotoAsync("/Donations/New");
            await page.SelectOptionAsync("#Input_DonorId", new SelectOptionValue { Index = 1 });
            await page.FillAsync("#Input_Note", "保留我");
            await page.FillAsync("#Input_Lines_0__Item", "DIS-84");
            await page.FillAsync("#Input_Lines_0__Quantity", "10");
            await page.FillAsync("#Input_Lines_0__LotNumber", "L-KEEP");
            await page.FillAsync("#Input_Lines_1__Item", "沒有這個品項");
            await page.FillAsync("#Input_Lines_1__Quantity", "5");
            await page.ClickAsync("button.primary");

            await page.WaitForSelectorAsync(".errors li");
            Assert.Contains("/Donations/New", page.Url, StringComparison.Ordinal);
            Assert.Contains("此品項須填有效期限。", await page.InnerTextAsync("[data-valmsg-for='Input.Lines[0].ExpiresOn']"), StringComparison.Ordinal);
            Assert.Contains("請從清單選擇品項", await page.InnerTextAsync("[data-valmsg-for='Input.Lines[1].Item']"), StringComparison.Ordinal);
            Assert.Equal("保留我", await page.InputValueAsync("#Input_Note"));
            Assert.Equal("DIS-84", await page.InputValueAsync("#Input_Lines_0__Item"));
            Assert.Equal("10", await page.InputValueAsync("#Input_Lines_0__Quantity"));
            Assert.Equal("L-KEEP", await page.InputValueAsync("#Input_Lines_0__LotNumber"));
            Assert.Equal("沒有這個品項", await page.InputValueAsync("#Input_Lines_1__Item"));
            Assert.Equal("5", await page.InputValueAsync("#Input_Lines_1__Quantity"));
        });
    }

    [Fact]
    public async Task Station_user_cannot_open_another_stations_request()
    {
        var requestId = await CreateRequestAsync("CP-HEPING");
        var own = await app.NewPageAsync("station-heping");
        var other = await app.NewPageAsync("station-lianda");
        await BrowserApp.RunAsync(other, "other-station-request", async () =>
        {
            var allowed = await own.GotoAsync($"/Requests/Details/{requestId}");
            var refused = await other.GotoAsync($"/Requests/Details/{requestId}");
            var list = await other.GotoAsync("/Requests");

            Assert.Equal(200, allowed!.Status);
            Assert.Equal(404, refused!.Status);
            Assert.DoesNotContain($"/Requests/Details/{requestId}\"", await list!.TextAsync(), StringComparison.Ordinal);
            await own.Context.CloseAsync();
        });
    }

    private async Task<int> CreateRequestAsync(string stationCode)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var station = await db.Locations.SingleAsync(l => l.Code == stationCode);
        var item = await db.Items.SingleAsync(i => i.Code == "MSK-SURG");
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateRequest(station.Id, 0, RequestPriority.Normal, "test",
            DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3), [new CreateRequest.Line(item.Id, 10)]));
    }
}
