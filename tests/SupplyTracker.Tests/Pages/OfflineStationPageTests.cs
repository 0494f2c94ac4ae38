using System.Globalization;
using System.Security.Claims;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Tests.Pages;

/// <summary>
/// The station app without signal, in a real Chromium against the real Kestrel origin (service workers need one):
/// the station's pages read from the kept copy with the time they were fetched, a consumption report and a delivery
/// confirmation queued on the phone while offline and each recorded exactly once when the connection is back (and once
/// more when the same queued post is replayed), and a confirmation refused because the shipment was confirmed meanwhile
/// shown with what the server has, nothing typed lost.
/// </summary>
[Trait("Database", "true")]
public sealed class OfflineStationPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Station = "station-heping";

    [Fact]
    public async Task Consumption_and_a_delivery_confirmation_made_offline_are_each_recorded_once_when_the_connection_is_back()
    {
        var (requestId, shipmentId) = await DispatchedToHepingAsync(20);
        var page = await app.NewPageAsync(Station, 390, 844);
        await BrowserApp.RunAsync(page, "offline-queue", async () =>
        {
            await KeepForOfflineAsync(page, "/Station/Consumption");
            await KeepForOfflineAsync(page, $"/Requests/Details/{requestId}");
            var reportsBefore = await ReportCountAsync();

            await page.Context.SetOfflineAsync(true);

            // Reading offline: the kept copy, saying when it was fetched.
            await page.GotoAsync($"/Requests/Details/{requestId}");
            await Assertions.Expect(page.Locator("#offline-copy-note")).ToBeVisibleAsync();
            Assert.Contains("離線副本", await page.InnerTextAsync("#offline-copy-note"), StringComparison.Ordinal);

            await page.ClickAsync("form.delivery [data-fill-shipped]");
            await page.ClickAsync("form.delivery p.actions button.primary");
            await page.ClickAsync("dialog.confirm button[data-confirm-yes]");
            await Assertions.Expect(page.Locator("section.offline-queue")).ToHaveAttributeAsync("data-waiting", "1");

            await page.GotoAsync("/Station/Consumption");
            await Assertions.Expect(page.Locator("#offline-copy-note")).ToBeVisibleAsync();
            await page.FillAsync("#q-0", "3");
            await page.FillAsync("#Input_Note", "離線夜班");
            await page.ClickAsync("form[method=post] p.actions button.primary");
            await Assertions.Expect(page.Locator("section.offline-queue")).ToHaveAttributeAsync("data-waiting", "2");
            Assert.Contains("2", await page.InnerTextAsync("#offline-queue-heading"), StringComparison.Ordinal);
            await BrowserApp.SaveScreenshotAsync(page, "offline-queue-390");
            var queued = await QueuedAsync(page);
            Assert.Equal(2, queued.Count);
            Assert.Equal(reportsBefore, await ReportCountAsync());
            Assert.Equal(ShipmentStatus.InTransit, await ShipmentStatusAsync(shipmentId));

            await page.Context.SetOfflineAsync(false);

            await Assertions.Expect(page.Locator("section.offline-queue")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("p.offline-status")).ToContainTextAsync("2");
            Assert.Equal(reportsBefore + 1, await ReportCountAsync());
            Assert.Equal(ShipmentStatus.Delivered, await ShipmentStatusAsync(shipmentId));
            Assert.Equal(1, await NotesAsync("離線夜班"));

            // The same queued posts again, twice each, with their keys: nothing more is recorded.
            foreach (var entry in queued)
            {
                Assert.Equal("redirected", await ReplayAsync(page, entry));
                Assert.Equal("redirected", await ReplayAsync(page, entry));
            }
            Assert.Equal(reportsBefore + 1, await ReportCountAsync());
            Assert.Equal(1, await NotesAsync("離線夜班"));
            Assert.Equal(ShipmentStatus.Delivered, await ShipmentStatusAsync(shipmentId));
        });
    }

    [Fact]
    public async Task A_confirmation_queued_offline_for_a_shipment_confirmed_meanwhile_shows_what_the_server_has_and_keeps_what_was_typed()
    {
        var (requestId, shipmentId) = await DispatchedToHepingAsync(10);
        var page = await app.NewPageAsync(Station);
        await BrowserApp.RunAsync(page, "offline-conflict", async () =>
        {
            await KeepForOfflineAsync(page, $"/Requests/Details/{requestId}");
            await page.Context.SetOfflineAsync(true);
            await page.FillAsync("#accepted-0", "7");
            await page.FillAsync("#rejected-0", "3");
            await page.FillAsync("#reason-0", "外箱受潮");
            await page.ClickAsync("form.delivery p.actions button.primary");
            await page.ClickAsync("dialog.confirm button[data-confirm-yes]");
            await Assertions.Expect(page.Locator("section.offline-queue")).ToHaveAttributeAsync("data-waiting", "1");

            // Someone else at the post confirmed it from another phone meanwhile.
            await ConfirmAsStationAsync(shipmentId);

            await page.Context.SetOfflineAsync(false);

            var conflict = page.Locator("li.offline-entry[data-status=conflict]");
            await Assertions.Expect(conflict).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("section.offline-queue")).ToHaveAttributeAsync("data-conflicts", "1");
            // What the server has: the request as delivered; and what was typed, still there.
            Assert.Contains("已送達", await conflict.Locator(".server-now").InnerTextAsync(), StringComparison.Ordinal);
            var typed = await conflict.Locator("dl.offline-typed").InnerTextAsync();
            Assert.Contains("外箱受潮", typed, StringComparison.Ordinal);
            Assert.Contains("7", typed, StringComparison.Ordinal);
            Assert.True(await conflict.Locator("div.errors li").CountAsync() > 0);

            await BrowserApp.SaveScreenshotAsync(page, "offline-conflict-1366");

            // Nothing lost on reload either, and it is not sent again on its own.
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("li.offline-entry[data-status=conflict]")).ToBeVisibleAsync();
            Assert.Equal(1, await ConfirmedLinesAsync(shipmentId));
        });
    }

    [Fact]
    public async Task A_second_report_queued_offline_comes_back_with_the_servers_warning_and_is_put_back_into_the_form_to_save_on_purpose()
    {
        var page = await app.NewPageAsync(Station);
        const string masks = "tr:has(label:has-text('MSK-MED')) input.qty";
        await BrowserApp.RunAsync(page, "offline-putback", async () =>
        {
            await KeepForOfflineAsync(page, "/Station/Consumption");
            await page.FillAsync(masks, "1");
            await page.ClickAsync("form[method=post] p.actions button.primary");
            await page.WaitForURLAsync("**/Station");

            await KeepForOfflineAsync(page, "/Station/Consumption");
            await page.Context.SetOfflineAsync(true);
            await page.FillAsync(masks, "2");
            await page.FillAsync("#Input_Note", "補報一次");
            await page.ClickAsync("form[method=post] p.actions button.primary");
            await Assertions.Expect(page.Locator("section.offline-queue")).ToHaveAttributeAsync("data-waiting", "1");
            await page.Context.SetOfflineAsync(false);

            // The server's warning (already reported today), not a second report.
            var conflict = page.Locator("li.offline-entry[data-status=conflict]");
            await Assertions.Expect(conflict.Locator("div.errors")).ToContainTextAsync("MSK-MED");
            Assert.Equal(0, await NotesAsync("補報一次"));

            await conflict.Locator("[data-offline-putback]").ClickAsync();
            await page.WaitForURLAsync("**offlineEntry=**");
            await Assertions.Expect(page.Locator(masks)).ToHaveValueAsync("2");
            Assert.Equal("補報一次", await page.InputValueAsync("#Input_Note"));

            // Saved the ordinary way now: the server asks again, the officer says it is a second report on purpose.
            await page.ClickAsync("form[method=post] p.actions button.primary");
            await page.CheckAsync("#add-anyway");
            await page.ClickAsync("form[method=post] p.actions button.primary");
            await page.WaitForURLAsync("**/Station");
            Assert.Equal(1, await NotesAsync("補報一次"));
            await Assertions.Expect(page.Locator("section.offline-queue")).ToBeHiddenAsync();
        });
    }

    [Fact]
    public async Task The_manifest_the_service_worker_and_the_icons_are_served_with_their_types_and_allowed_by_the_policy()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var manifest = await http.GetAsync("/manifest.webmanifest");
        Assert.Equal("application/manifest+json", manifest.Content.Headers.ContentType?.MediaType);
        using var json = System.Text.Json.JsonDocument.Parse(await manifest.Content.ReadAsStringAsync());
        Assert.Equal("/Station", json.RootElement.GetProperty("start_url").GetString());
        Assert.Equal("standalone", json.RootElement.GetProperty("display").GetString());
        Assert.Equal("zh-Hant", json.RootElement.GetProperty("lang").GetString());
        foreach (var icon in json.RootElement.GetProperty("icons").EnumerateArray())
        {
            var bytes = await http.GetByteArrayAsync(icon.GetProperty("src").GetString());
            // A real PNG of the size the manifest says: the signature, then IHDR's width and height.
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            var size = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
            Assert.Equal(icon.GetProperty("sizes").GetString(), $"{size}x{System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4))}");
        }
        using var worker = await http.GetAsync("/service-worker.js");
        Assert.Equal("text/javascript", worker.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", worker.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("worker-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("manifest-src 'self'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_deletes_every_kept_page_and_the_pages_run_no_inline_code()
    {
        var page = await app.NewPageAsync(Station, 390, 844);
        var refused = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) refused.Add(page.Url + ": " + message.Text); };
        await BrowserApp.RunAsync(page, "offline-signout", async () =>
        {
            await KeepForOfflineAsync(page, "/Station");
            Assert.Equal("/manifest.webmanifest", await page.GetAttributeAsync("link[rel=manifest]", "href"));
            var kept = await page.EvaluateAsync<string[]>("() => caches.keys()");
            Assert.Contains("st-pages-station-heping", kept);
            var pages = await page.EvaluateAsync<string[]>("async () => (await (await caches.open('st-pages-station-heping')).keys()).map(r => new URL(r.url).pathname)");
            Assert.Contains("/Station", pages);
            Assert.Contains("/Station/Consumption", pages);
            Assert.Contains("/Requests", pages);

            await page.ClickAsync("form.signout button[type=submit]");
            await page.WaitForURLAsync("**/Account/Login**");
            kept = await page.EvaluateAsync<string[]>("() => caches.keys()");
            Assert.DoesNotContain(kept, name => name.StartsWith("st-pages-", StringComparison.Ordinal));
        });
        Assert.True(refused.Count == 0, string.Join("\n", refused));
    }

    /// <summary>Opens the page online and waits until the service worker has kept it (and the station's other pages).</summary>
    private static async Task KeepForOfflineAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("html[data-offline-ready='1']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    private sealed record QueuedPost(string Id, string Url, string Page, string Body);

    private static async Task<List<QueuedPost>> QueuedAsync(IPage page) =>
        System.Text.Json.JsonSerializer.Deserialize<List<QueuedPost>>(await page.EvaluateAsync<string>("""
            () => new Promise((resolve, reject) => {
                const open = indexedDB.open("supplytracker-offline", 1);
                open.onerror = () => reject(open.error);
                open.onsuccess = () => {
                    const all = open.result.transaction("outbox").objectStore("outbox").getAll();
                    all.onsuccess = () => resolve(JSON.stringify(all.result.map(e => ({ id: e.id, url: e.url, page: e.page, body: e.body }))));
                    all.onerror = () => reject(all.error);
                };
            })
            """), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;

    /// <summary>Posts a queued entry again exactly as the queue does (same key, same body, a fresh token).</summary>
    private static Task<string> ReplayAsync(IPage page, QueuedPost entry) =>
        page.EvaluateAsync<string>("""
            async (e) => {
                const html = await (await fetch(e.page, { cache: "no-store" })).text();
                const token = new DOMParser().parseFromString(html, "text/html").querySelector("input[name='__RequestVerificationToken']").value;
                const response = await fetch(e.url, { method: "POST", body: e.body, headers: {
                    "Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": e.id, "RequestVerificationToken": token } });
                return response.redirected ? "redirected" : String(response.status);
            }
            """, new { id = entry.Id, url = entry.Url, page = entry.Page, body = entry.Body });

    private async Task<T> WithDbAsync<T>(Func<SupplyTrackerDbContext, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>());
    }

    private Task<int> HepingIdAsync() => WithDbAsync(db => db.Locations.Where(l => l.Code == "CP-HEPING").Select(l => l.Id).SingleAsync());

    private async Task<int> ReportCountAsync()
    {
        var heping = await HepingIdAsync();
        return await WithDbAsync(db => db.ConsumptionReports.CountAsync(r => r.LocationId == heping));
    }

    private Task<int> NotesAsync(string note) => WithDbAsync(db => db.ConsumptionReports.CountAsync(r => r.Note == note));

    private Task<ShipmentStatus> ShipmentStatusAsync(int shipmentId) =>
        WithDbAsync(db => db.Shipments.Where(s => s.Id == shipmentId).Select(s => s.Status).SingleAsync());

    /// <summary>Delivery movements into the station for the shipment's one line: one confirmation means one line's worth.</summary>
    private Task<int> ConfirmedLinesAsync(int shipmentId) =>
        WithDbAsync(db => db.Shipments.CountAsync(s => s.Id == shipmentId && s.Status == ShipmentStatus.Delivered && s.ConfirmedBy != null));

    private async Task<T> SendAsAsync<T>(string name, string role, int? locationId, ICommand<T> command)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.Role, role) };
        if (locationId is { } id) claims.Add(new Claim(SupplyTrackerClaims.LocationId, id.ToString(CultureInfo.InvariantCulture)));
        scope.ServiceProvider.GetRequiredService<CallerContext>().Set(new ClaimsPrincipal(new ClaimsIdentity(claims, "test")), CultureInfo.InvariantCulture);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    /// <summary>A one-line request from 和平檢查站, approved, allocated and dispatched from the warehouse by logistics.</summary>
    private async Task<(int RequestId, int ShipmentId)> DispatchedToHepingAsync(long quantity)
    {
        var heping = await HepingIdAsync();
        var (warehouse, item) = await WithDbAsync(async db =>
        {
            var wh = await db.Locations.Where(l => l.Code == "WH-GX").Select(l => l.Id).SingleAsync();
            var itemId = await db.Items.Where(i => i.Code == "MSK-SURG").Select(i => i.Id).SingleAsync();
            return (wh, itemId);
        });
        var requestId = await SendAsAsync("station-heping", Roles.Station, heping,
            new CreateRequest(heping, warehouse, RequestPriority.Normal, "離線測試", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3),
                [new CreateRequest.Line(item, quantity)]));
        await SendAsAsync("station-heping", Roles.Station, heping, new SubmitRequest(requestId, null));
        var lineId = await WithDbAsync(db => db.AllocationRequestLines.Where(l => l.AllocationRequestId == requestId).Select(l => l.Id).SingleAsync());
        await SendAsAsync("logistics", Roles.Logistics, null, new ApproveRequest(requestId, null, [new ApproveRequest.Line(lineId, quantity)]));
        await SendAsAsync("logistics", Roles.Logistics, null, new AllocateRequest(requestId, null));
        await SendAsAsync("logistics", Roles.Logistics, null, new DispatchRequest(requestId, null));
        var shipmentId = await WithDbAsync(db => db.Shipments.Where(s => s.AllocationRequestId == requestId).Select(s => s.Id).SingleAsync());
        return (requestId, shipmentId);
    }

    private async Task ConfirmAsStationAsync(int shipmentId)
    {
        var heping = await HepingIdAsync();
        var lines = await WithDbAsync(db => db.ShipmentLines.Where(l => l.ShipmentId == shipmentId).Select(l => new { l.Id, l.Quantity }).ToListAsync());
        await SendAsAsync("station-heping", Roles.Station, heping,
            new ConfirmDelivery(shipmentId, null, [.. lines.Select(l => new ConfirmDelivery.Line(l.Id, l.Quantity, 0, null))]));
    }
}
