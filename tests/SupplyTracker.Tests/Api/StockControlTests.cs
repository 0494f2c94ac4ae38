using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Infrastructure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Api;

/// <summary>Counts, reversals, expiry write-offs and pending station adjustments over HTTP, each by the role that does it.</summary>
[Trait("Database", "true")]
public sealed class StockControlTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    // From the app's clock: one test here moves it on, and the fake clock never goes back.
    private DateOnly Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task A_count_is_blind_until_submitted_and_another_reviewer_approves_the_variance_net_of_movements_during_the_count()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        await app.FoundAsync(location, item, 100);
        using var counter = await app.CreateClientAsAsync(Roles.Logistics);
        using var reviewer = await app.CreateClientAsAsync(Roles.Logistics);

        var started = await Ok(await counter.PostAsJsonAsync("/odata/StockCounts", new { locationId = location.Id }), HttpStatusCode.Created);
        var id = started.GetProperty("id").GetInt32();
        var line = started.GetProperty("lines").EnumerateArray().Single();
        Assert.Equal(JsonValueKind.Null, line.GetProperty("bookAtStart").ValueKind);
        Assert.Equal("Open", started.GetProperty("status").GetString());

        // 30 leave while the shelf is counted: the count sees 65 where the book will say 70, so 5 are missing.
        await app.SendAsync(new SupplyTracker.Features.Stock.AdjustStock(location.Id, item.Id, null, null, -30, AdjustmentReason.Damaged, null));
        await Ok(await counter.PostAsJsonAsync($"/odata/StockCounts({id})/Enter",
            new { lines = new[] { new { lineId = line.GetProperty("id").GetInt32(), countedQuantity = 65 } } }));
        var submitted = await Ok(await counter.PostAsync($"/odata/StockCounts({id})/Submit", null));
        var reviewed = submitted.GetProperty("lines").EnumerateArray().Single();
        Assert.Equal(100, reviewed.GetProperty("bookAtStart").GetInt64());
        Assert.Equal(-30, reviewed.GetProperty("movedDuringCount").GetInt64());
        Assert.Equal(70, reviewed.GetProperty("expected").GetInt64());
        Assert.Equal(-5, reviewed.GetProperty("variance").GetInt64());

        var approved = await Ok(await reviewer.PostAsync($"/odata/StockCounts({id})/Approve", null));
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
        var correction = Assert.Single(await app.QueryAsync(db => db.StockMovements.AsNoTracking()
            .Where(m => m.ReferenceType == MovementReference.StockCount && m.ReferenceId == id).ToListAsync()));
        Assert.Equal(-5, correction.Quantity);
        Assert.Equal("CountCorrection", correction.ReasonCode);
        Assert.Equal(65, (await app.BalanceAsync(location, item)).QuantityOnHand);
        await app.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task A_second_count_of_a_location_with_one_open_is_refused_naming_the_location()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        await app.FoundAsync(location, item, 10);
        using var client = await app.CreateClientAsAsync(Roles.Logistics);
        await Ok(await client.PostAsJsonAsync("/odata/StockCounts", new { locationId = location.Id }), HttpStatusCode.Created);
        var before = await app.CountRowsAsync();

        using var second = await client.PostAsJsonAsync("/odata/StockCounts", new { locationId = location.Id });

        await AssertRefused(second, HttpStatusCode.Conflict, "locationId");
        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public async Task A_negative_count_is_refused_naming_the_line()
    {
        var (client, id, lineId) = await OpenCountAsync();
        var before = await app.CountRowsAsync();

        using var response = await client.PostAsJsonAsync($"/odata/StockCounts({id})/Enter", new { lines = new[] { new { lineId, countedQuantity = -1 } } });

        await AssertRefused(response, HttpStatusCode.BadRequest, "lines[0].countedQuantity");
        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public async Task Approving_your_own_count_is_refused()
    {
        var (client, id, lineId) = await OpenCountAsync();
        await Ok(await client.PostAsJsonAsync($"/odata/StockCounts({id})/Enter", new { lines = new[] { new { lineId, countedQuantity = 3 } } }));
        await Ok(await client.PostAsync($"/odata/StockCounts({id})/Submit", null));
        var before = await app.CountRowsAsync();

        using var response = await client.PostAsync($"/odata/StockCounts({id})/Approve", null);

        await AssertRefused(response, HttpStatusCode.Conflict, "approvedBy");
        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public async Task A_reversal_posts_the_exact_opposite_of_both_legs_of_a_transfer_once()
    {
        var from = await app.CreateLocationAsync();
        var to = await app.CreateLocationAsync(LocationKind.PartnerUnit);
        var item = await app.CreateItemAsync();
        await app.FoundAsync(from, item, 50);
        var transferred = await app.SendAsync(new SupplyTracker.Features.Stock.TransferStock(from.Id, to.Id, item.Id, null, 20, null));
        using var client = await app.CreateClientAsAsync(Roles.Logistics);

        var reversals = (await Ok(await client.PostAsJsonAsync($"/odata/StockMovements({transferred.OutMovementId})/Reverse", new { reason = "送錯單位" }))).Values();

        Assert.Equal(2, reversals.Length);
        Assert.All(reversals, r => Assert.Equal("Reversal", r.GetProperty("kind").GetString()));
        Assert.All(reversals, r => Assert.Equal("送錯單位", r.GetProperty("reasonCode").GetString()));
        Assert.Equal([transferred.OutMovementId, transferred.InMovementId],
            reversals.Select(r => r.GetProperty("referenceId").GetInt64()).Order().ToArray());
        Assert.Equal(50, (await app.BalanceAsync(from, item)).QuantityOnHand);
        Assert.Equal(0, (await app.BalanceAsync(to, item)).QuantityOnHand);

        var before = await app.CountRowsAsync();
        using var again = await client.PostAsJsonAsync($"/odata/StockMovements({transferred.InMovementId})/Reverse", new { reason = "again" });
        await AssertRefused(again, HttpStatusCode.Conflict, "id");
        using var ofReversal = await client.PostAsJsonAsync($"/odata/StockMovements({reversals[0].GetProperty("id").GetInt64()})/Reverse", new { reason = "undo" });
        await AssertRefused(ofReversal, HttpStatusCode.Conflict, "id");
        Assert.Equal(before, await app.CountRowsAsync());
        await app.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task Reversing_when_the_stock_has_moved_on_is_refused_naming_what_is_in_the_way()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        var found = await app.FoundAsync(location, item, 40);
        await app.SendAsync(new SupplyTracker.Features.Stock.AdjustStock(location.Id, item.Id, null, null, -25, AdjustmentReason.Lost, null));
        using var client = await app.CreateClientAsAsync(Roles.Logistics);
        var before = await app.CountRowsAsync();

        using var response = await client.PostAsJsonAsync($"/odata/StockMovements({found.MovementId})/Reverse", new { reason = "錯帳" });

        var problem = await AssertRefused(response, HttpStatusCode.Conflict, "id");
        Assert.Contains("only 15 is available", problem);
        Assert.Contains(location.Code, problem);
        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public async Task An_expired_adjustment_is_refused_for_a_lot_not_yet_expired()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync(tracksExpiry: true);
        await app.FoundAsync(location, item, 10, "VC-SOON", Today.AddDays(21));
        using var client = await app.CreateClientAsAsync(Roles.Logistics);

        using var response = await client.PostAsJsonAsync("/odata/StockAdjustments",
            new { locationId = location.Id, itemId = item.Id, lotNumber = "VC-SOON", quantity = -2, reason = "Expired" });

        await AssertRefused(response, HttpStatusCode.Conflict, "reason");
    }

    [Fact]
    public async Task WriteOffExpired_clears_every_expired_lot_at_a_location_usable_and_quarantined_and_lists_them()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync(tracksExpiry: true);
        await app.FoundAsync(location, item, 10, "OLD-A", Today.AddDays(5));
        await app.FoundAsync(location, item, 7, "OLD-B", Today.AddDays(5));
        await app.FoundAsync(location, item, 9, "GOOD", Today.AddDays(400));
        // OLD-B goes to quarantine, then both OLD lots expire.
        var balanceB = await app.BalanceAsync(location, item, "OLD-B");
        await app.InScopeAsync(async services =>
        {
            var ledger = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<SupplyTracker.Features.Stock.StockLedger>(services);
            var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<SupplyTracker.Data.SupplyTrackerDbContext>(services);
            var lot = await db.Lots.SingleAsync(l => l.Id == balanceB.LotId);
            await ledger.PostAsync(location.Id, lot, -7, StockStatus.Usable, MovementKind.DonationQuarantined, MovementReference.StockBalance, balanceB.Id, null, default);
            await ledger.PostAsync(location.Id, lot, 7, StockStatus.Quarantined, MovementKind.DonationQuarantined, MovementReference.StockBalance, balanceB.Id, null, default);
            await db.SaveChangesAsync();
            return 0;
        });
        app.Clock.Advance(TimeSpan.FromDays(10));
        using var client = await app.CreateClientAsAsync(Roles.Logistics);
        var written = (await Ok(await client.PostAsJsonAsync($"/odata/Locations({location.Id})/WriteOffExpired", new { }))).Values();

        Assert.Equal(["OLD-A", "OLD-B"], written.Select(w => w.GetProperty("lotNumber").GetString()!).Order().ToArray());
        Assert.Equal(17, written.Sum(w => w.GetProperty("quantity").GetInt64()));
        Assert.Equal(0, (await app.BalanceAsync(location, item, "OLD-A")).QuantityOnHand);
        var b = await app.BalanceAsync(location, item, "OLD-B");
        Assert.Equal((0, 0), (b.QuantityOnHand, b.QuantityQuarantined));
        Assert.Equal(9, (await app.BalanceAsync(location, item, "GOOD")).QuantityOnHand);
        await app.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task A_station_adding_stock_waits_for_logistics_and_cannot_approve_its_own()
    {
        var station = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var item = await app.CreateItemAsync();
        using var stationClient = await app.CreateClientAsAsync(Roles.Station, station.Code);
        using var logistics = await app.CreateClientAsAsync(Roles.Logistics);

        var pending = await Ok(await stationClient.PostAsJsonAsync("/odata/StockAdjustments",
            new { locationId = station.Id, itemId = item.Id, quantity = 100000, reason = "Found" }), HttpStatusCode.Created);
        Assert.Equal("Pending", pending.GetProperty("status").GetString());
        var id = pending.GetProperty("id").GetInt32();
        Assert.Empty(await app.MovementsAsync(item));

        var before = await app.CountRowsAsync();
        using var own = await stationClient.PostAsync($"/odata/StockAdjustments({id})/Approve", null);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Equal(before, await app.CountRowsAsync());

        var approved = await Ok(await logistics.PostAsync($"/odata/StockAdjustments({id})/Approve", null));
        Assert.Equal("Posted", approved.GetProperty("status").GetString());
        Assert.Equal(100000, (await app.BalanceAsync(station, item)).QuantityOnHand);
        await app.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task Logistics_rejecting_a_pending_addition_posts_nothing()
    {
        var station = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var item = await app.CreateItemAsync();
        using var stationClient = await app.CreateClientAsAsync(Roles.Station, station.Code);
        using var logistics = await app.CreateClientAsAsync(Roles.Logistics);
        var pending = await Ok(await stationClient.PostAsJsonAsync("/odata/StockAdjustments",
            new { locationId = station.Id, itemId = item.Id, quantity = 12, reason = "CountCorrection" }), HttpStatusCode.Created);

        var rejected = await Ok(await logistics.PostAsJsonAsync($"/odata/StockAdjustments({pending.GetProperty("id").GetInt32()})/Reject", new { reason = "未見實物" }));

        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("未見實物", rejected.GetProperty("decisionNote").GetString());
        Assert.Empty(await app.MovementsAsync(item));
    }

    [Fact]
    public async Task Lots_that_expire_inside_the_allocation_margin_are_never_reserved_for_a_request()
    {
        var warehouse = await app.CreateLocationAsync();
        var station = await app.CreateLocationAsync(LocationKind.PartnerUnit);
        var item = await app.CreateItemAsync(tracksExpiry: true);
        var neededBy = Today.AddDays(3);
        // The margin is 30 days after the needed-by date: SOON (day 20) is inside it, LATER (day 90) is not.
        await app.FoundAsync(warehouse, item, 50, "SOON", Today.AddDays(20));
        await app.FoundAsync(warehouse, item, 50, "LATER", Today.AddDays(90));
        var id = await app.SendAsync(new SupplyTracker.Features.Requests.CreateRequest(station.Id, warehouse.Id, RequestPriority.Normal, null, neededBy,
            [new SupplyTracker.Features.Requests.CreateRequest.Line(item.Id, 80)]));
        await app.SendAsync(new SupplyTracker.Features.Requests.SubmitRequest(id, null));
        var lineId = await app.QueryAsync(db => db.AllocationRequestLines.Where(l => l.AllocationRequestId == id).Select(l => l.Id).SingleAsync());
        await app.SendAsync(new SupplyTracker.Features.Requests.ApproveRequest(id, null, [new SupplyTracker.Features.Requests.ApproveRequest.Line(lineId, 80)]));

        var allocated = await app.SendAsync(new SupplyTracker.Features.Requests.AllocateRequest(id, null));

        Assert.Equal(50, allocated.Lines.Single().QuantityAllocated);
        Assert.Equal(0, (await app.BalanceAsync(warehouse, item, "SOON")).QuantityReserved);
        Assert.Equal(50, (await app.BalanceAsync(warehouse, item, "LATER")).QuantityReserved);
    }

    private async Task<(HttpClient Client, int Id, int LineId)> OpenCountAsync()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        await app.FoundAsync(location, item, 5);
        var client = await app.CreateClientAsAsync(Roles.Logistics);
        var started = await Ok(await client.PostAsJsonAsync("/odata/StockCounts", new { locationId = location.Id }), HttpStatusCode.Created);
        return (client, started.GetProperty("id").GetInt32(), started.GetProperty("lines").EnumerateArray().Single().GetProperty("id").GetInt32());
    }

    private static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    private static async Task<string> AssertRefused(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Contains($"\"{field}\"", body);
        return body;
    }
}
