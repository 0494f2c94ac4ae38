using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Requests;

namespace SupplyTracker.Tests.Pages;

/// <summary>Forms for a busy day: a 500-line inspection, confirmations before what cannot be undone, the second consumption report.</summary>
[Trait("Database", "true")]
public sealed class FormsPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string DialogYes = "dialog.confirm button[data-confirm-yes]";

    [Fact]
    public async Task Logistics_inspects_a_500_line_donation_with_accept_all_and_two_exceptions_and_all_500_are_saved_as_chosen()
    {
        var donationId = await RecordDonationAsync(RecordDonationValidator.MaxLines);
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "inspect-500", async () =>
        {
            await page.GotoAsync($"/Donations/Details/{donationId}");
            Assert.Equal(500, await page.Locator("tr[data-state='Pending']").CountAsync());
            await page.ClickAsync("[data-accept-all]");
            // Line 7 quarantined and line 300 rejected, from the keyboard: Q/R on the line's choice, then the reason.
            await page.FocusAsync("tr[data-line='7'] input[value='Accept']");
            await page.Keyboard.PressAsync("q");
            await page.Keyboard.TypeAsync("外箱受潮");
            await page.FocusAsync("tr[data-line='300'] input[value='Accept']");
            await page.Keyboard.PressAsync("r");
            await page.Keyboard.TypeAsync("數量不符");

            await page.ClickAsync("button.primary:has-text('儲存驗收')");
            var dialog = page.Locator("dialog.confirm");
            await dialog.WaitForAsync();
            Assert.Contains("允收 498 行、隔離 1 行、拒收 1 行", await dialog.InnerTextAsync(), StringComparison.Ordinal);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotDirectory, "forms-inspect-dialog.png") });
            await page.ClickAsync(DialogYes);
            await page.WaitForSelectorAsync(".notice");
        });

        await using var scope = app.Services.CreateAsyncScope();
        var lines = await scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>().Donations.AsNoTracking()
            .Where(d => d.Id == donationId).SelectMany(d => d.Lines).ToListAsync();
        Assert.Equal(498, lines.Count(l => l.Disposition == LineDisposition.Accepted));
        Assert.Equal(LineDisposition.Quarantined, lines.Single(l => l.LineNumber == 7).Disposition);
        Assert.Equal(LineDisposition.Rejected, lines.Single(l => l.LineNumber == 300).Disposition);
        Assert.Equal("數量不符", lines.Single(l => l.LineNumber == 300).RejectionReason);
    }

    [Fact]
    public async Task Without_javascript_saving_an_inspection_first_shows_the_review_and_saves_only_when_confirmed()
    {
        var donationId = await RecordDonationAsync(3);
        var page = await NewPageWithoutScriptAsync("logistics");
        await BrowserApp.RunAsync(page, "inspect-review-no-js", async () =>
        {
            await page.GotoAsync($"/Donations/Details/{donationId}");
            await page.CheckAsync("tr[data-line='2'] input[value='Reject']");
            await page.FillAsync("tr[data-line='2'] input[name$='.Reason']", "破損");
            await page.ClickAsync("button.primary:has-text('儲存驗收')");
            await page.WaitForSelectorAsync(".review");
            Assert.Contains("允收 2 行、隔離 0 行、拒收 1 行", await page.InnerTextAsync(".review"), StringComparison.Ordinal);
            Assert.Equal(3, await page.Locator("tr[data-state='Pending']").CountAsync());
            Assert.Equal("破損", await page.InputValueAsync("tr[data-line='2'] input[name$='.Reason']"));

            await page.ClickAsync(".review button[name=Confirmed]");
            await page.WaitForSelectorAsync(".notice");
            Assert.Equal(0, await page.Locator("tr[data-state='Pending']").CountAsync());
        });
    }

    [Fact]
    public async Task Each_irreversible_request_step_asks_first_and_the_delivery_form_starts_empty_for_the_station_only()
    {
        var requestId = await CreateRequestAsync("CP-HEPING", ("MSK-SURG", 20), ("GLV-NITRILE", 10));
        var logistics = await app.NewPageAsync("logistics");
        var station = await app.NewPageAsync("station-heping");
        await BrowserApp.RunAsync(logistics, "confirm-steps-logistics", () => BrowserApp.RunAsync(station, "confirm-steps-station", async () =>
        {
            var url = $"/Requests/Details/{requestId}";
            await logistics.GotoAsync(url);
            await logistics.ClickAsync("button.primary:has-text('核准')");
            await logistics.Locator("dialog.confirm").WaitForAsync();
            // "Go back" leaves everything as it was.
            await logistics.ClickAsync("dialog.confirm button[data-confirm-no]");
            Assert.Contains("已送出", await logistics.InnerTextAsync("h1"), StringComparison.Ordinal);
            await logistics.ClickAsync("button.primary:has-text('核准')");
            await logistics.ClickAsync(DialogYes);
            await logistics.WaitForSelectorAsync("h1:has-text('已核准')");
            await logistics.ClickAsync("button:has-text('配貨')");
            await logistics.ClickAsync(DialogYes);
            await logistics.WaitForSelectorAsync("h1:has-text('已配貨')");
            await logistics.ClickAsync("button:has-text('發運')");
            Assert.Contains("無法復原", await logistics.InnerTextAsync("dialog.confirm"), StringComparison.Ordinal);
            await logistics.ClickAsync(DialogYes);
            await logistics.WaitForSelectorAsync("h1:has-text('已發運')");
            // Logistics does not see the station's confirmation form.
            Assert.Equal(0, await logistics.Locator("form.delivery").CountAsync());

            await station.GotoAsync(url);
            var accepted = station.Locator("form.delivery input[name$='.Accepted']");
            Assert.All(await accepted.EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)"), v => Assert.Equal("", v));
            await station.ClickAsync("button:has-text('確認到貨')");
            await station.ClickAsync(DialogYes);
            await station.WaitForSelectorAsync(".errors li");
            Assert.Contains("第 1 行：", await station.InnerTextAsync(".errors"), StringComparison.Ordinal);
            Assert.Equal("accepted-0", await station.EvaluateAsync<string>("() => document.activeElement.id"));

            await station.ClickAsync("[data-fill-shipped]");
            var shipped = await station.Locator("tr[data-shipped]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.getAttribute('data-shipped'))");
            Assert.Equal(shipped, await accepted.EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)"));
            await station.ClickAsync("button:has-text('確認到貨')");
            await station.ClickAsync(DialogYes);
            await station.WaitForSelectorAsync("h1:has-text('已送達')");
        }));
    }

    [Fact]
    public async Task Without_javascript_cancelling_a_request_shows_a_review_and_keeps_the_reason()
    {
        var requestId = await CreateRequestAsync("CP-HEPING", ("MSK-SURG", 5));
        var page = await NewPageWithoutScriptAsync("station-heping");
        await BrowserApp.RunAsync(page, "cancel-review-no-js", async () =>
        {
            await page.GotoAsync($"/Requests/Details/{requestId}");
            await page.FillAsync("#cancel-reason", "重複請領");
            await page.ClickAsync("button:has-text('取消請領')");
            await page.WaitForSelectorAsync(".review");
            Assert.Contains("已送出", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
            Assert.Equal("重複請領", await page.InputValueAsync("#cancel-reason"));
            await page.ClickAsync(".review button[name=Confirmed]");
            await page.WaitForSelectorAsync("h1:has-text('已取消')");
        });
    }

    [Fact]
    public async Task A_second_consumption_report_for_the_same_item_and_day_shows_the_first_and_needs_an_explicit_confirm()
    {
        var page = await app.NewPageAsync("station-lianda");
        await BrowserApp.RunAsync(page, "consumption-duplicate", async () =>
        {
            await page.GotoAsync("/Station/Consumption");
            await page.FillAsync("#q-0", "2");
            await page.ClickAsync("button:has-text('儲存')");
            await page.WaitForSelectorAsync(".notice");

            await page.GotoAsync("/Station/Consumption");
            Assert.Contains("2", await page.InnerTextAsync("section.reported"), StringComparison.Ordinal);
            await page.FillAsync("#q-0", "3");
            await page.ClickAsync("button:has-text('儲存')");
            await page.WaitForSelectorAsync(".errors li");
            Assert.Contains("本日已回報 2", await page.InnerTextAsync(".errors"), StringComparison.Ordinal);
            await BrowserApp.SaveScreenshotAsync(page, "forms-consumption-duplicate");
            Assert.Equal("3", await page.InputValueAsync("#q-0"));

            await page.CheckAsync("#add-anyway");
            await page.ClickAsync("button:has-text('儲存')");
            await page.WaitForSelectorAsync(".notice");

            await page.GotoAsync("/Station/ConsumptionReports");
            Assert.Equal(2, await page.Locator("table.list tbody tr").CountAsync());
        });
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers_and_the_pages_run_no_inline_code()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        foreach (var path in new[] { "/Account/Login", "/verify/ST-2026-999999", "/css/site.css", "/odata/$metadata", "/no-such-page" })
        {
            using var response = await http.GetAsync(path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        }

        // The browser reports any inline script or style the policy refused.
        var page = await app.NewPageAsync("admin");
        var refused = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) refused.Add(page.Url + ": " + message.Text + " @ " + message.Location); };
        await BrowserApp.RunAsync(page, "csp-pages", async () =>
        {
            foreach (var path in new[] { "/Dashboard", "/Donations", "/Donations/New", "/Donations/Import", "/Stock", "/Stock/Movements", "/Stock/Transfer", "/Stock/Adjust",
                         "/Stock/Counts", "/Requests", "/Quarantine", "/AuditLog", "/Station/ConsumptionReports", "/Recalls", "/Recalls/New", "/Alerts",
                         "/Admin/Items", "/Admin/Donors", "/Admin/Locations", "/Admin/Users", "/Transparency", "/verify/ST-2026-999999" })
            {
                await page.GotoAsync(path);
                await BrowserApp.SaveScreenshotAsync(page, "forms" + path.Replace('/', '-'));
            }
        });
        Assert.True(refused.Count == 0, string.Join("\n", refused));
    }

    private async Task<IPage> NewPageWithoutScriptAsync(string userName)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl, JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        });
        context.SetDefaultTimeout(120_000);
        var page = await context.NewPageAsync();
        await BrowserApp.SignInAsync(page, userName);
        return page;
    }

    private async Task<int> RecordDonationAsync(int lineCount)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var warehouse = await db.Locations.SingleAsync(l => l.Code == "WH-GX");
        var donor = await db.Donors.OrderBy(d => d.Id).FirstAsync();
        var items = await db.Items.Where(i => i.Code == "MSK-SURG" || i.Code == "GLV-NITRILE").OrderBy(i => i.Code).ToListAsync();
        var lines = Enumerable.Range(1, lineCount)
            .Select(n => new RecordDonation.Line(items[n % 2].Id, 10 + n, $"L500-{n.ToString("000", CultureInfo.InvariantCulture)}", null, null))
            .ToList();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var recorded = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RecordDonation(donor.Id, warehouse.Id, today, null, lines));
        return recorded.DonationId;
    }

    private async Task<int> CreateRequestAsync(string stationCode, params (string Item, int Quantity)[] lines)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var station = await db.Locations.SingleAsync(l => l.Code == stationCode);
        var codes = lines.Select(l => l.Item).ToList();
        var items = await db.Items.Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code);
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var id = await mediator.Send(new CreateRequest(station.Id, 0, RequestPriority.Normal, "test", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3),
            [.. lines.Select(l => new CreateRequest.Line(items[l.Item].Id, l.Quantity))]));
        var version = await db.AllocationRequests.Where(r => r.Id == id).Select(r => r.Version).SingleAsync();
        await mediator.Send(new SubmitRequest(id, version));
        return id;
    }
}
