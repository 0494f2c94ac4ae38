using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Tests.Features.Requests;

namespace SupplyTracker.Tests.Api;

[Trait("Database", "true")]
public sealed class AllocationRequestTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.AdminClient;
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    // Consumption is counted by the deployment's day (Asia/Shanghai): after 16:00 UTC that is already tomorrow there.
    private DateOnly LocalToday => factory.Services.GetRequiredService<SupplyTracker.Infrastructure.DeploymentTime>().DateOf(factory.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task A_Heping_request_for_surgical_masks_runs_from_draft_to_closed()
    {
        var warehouse = await IdOf("Locations", "code eq 'WH-GX'");
        var heping = await IdOf("Locations", "code eq 'CP-HEPING'");
        var masks = await IdOf("Items", "code eq 'MSK-SURG'");
        var warehouseBefore = await Stock(warehouse, masks);
        var hepingBefore = await Stock(heping, masks);

        var id = await CreateRequest(heping, "Urgent", (masks, 600));
        var draft = await _client.GetAsync($"/odata/AllocationRequests({id})");
        Assert.NotNull(draft.Headers.ETag);
        Assert.Equal("Draft", (await draft.JsonAsync()).GetProperty("status").GetString());

        await Ok(await Act(id, "Submit", ifMatch: draft.Headers.ETag!.ToString()));
        var line = (await Lines(id)).Single().GetProperty("id").GetInt32();
        var approved = await Ok(await Act(id, "Approve", new { lines = new[] { new { lineId = line, quantityApproved = 600 } } }));
        Assert.Equal("Approved", approved.GetProperty("status").GetString());

        var allocated = await Ok(await Act(id, "Allocate"));
        Assert.Equal("Allocated", allocated.GetProperty("status").GetString());
        Assert.Equal(600, (await Lines(id)).Single().GetProperty("quantityAllocated").GetInt64());
        var reserved = await Stock(warehouse, masks);
        Assert.Equal(warehouseBefore.OnHand, reserved.OnHand);
        Assert.Equal(warehouseBefore.Reserved + 600, reserved.Reserved);

        using var dispatchResponse = await Act(id, "Dispatch");
        var shipment = await Ok(dispatchResponse);
        Assert.NotNull(dispatchResponse.Headers.ETag);
        Assert.Matches(@"^SH-\d{4}-\d{6}$", shipment.GetProperty("number").GetString());
        Assert.Equal("InTransit", shipment.GetProperty("status").GetString());
        var shipped = await Stock(warehouse, masks);
        Assert.Equal(warehouseBefore.OnHand - 600, shipped.OnHand);
        Assert.Equal(warehouseBefore.Reserved, shipped.Reserved);
        Assert.Equal(hepingBefore.OnHand, (await Stock(heping, masks)).OnHand);

        var shipmentId = shipment.GetProperty("id").GetInt32();
        var shipmentLines = (await _client.GetJsonAsync($"/odata/Shipments({shipmentId})/lines")).Values();
        Assert.Equal(600, shipmentLines.Sum(l => l.GetProperty("quantity").GetInt64()));
        var confirmation = shipmentLines.Select((l, i) => new
        {
            lineId = l.GetProperty("id").GetInt32(),
            quantityAccepted = l.GetProperty("quantity").GetInt64() - (i == 0 ? 25 : 0),
            quantityRejected = i == 0 ? 25 : 0,
            reason = i == 0 ? "外箱受潮" : null,
        }).ToArray();
        var delivered = await Ok(await _client.PostAsJsonAsync($"/odata/Shipments({shipmentId})/ConfirmDelivery", new { lines = confirmation }));
        Assert.Equal("Delivered", delivered.GetProperty("status").GetString());

        var requestLine = (await Lines(id)).Single();
        Assert.Equal(575, requestLine.GetProperty("quantityAccepted").GetInt64());
        Assert.Equal(25, requestLine.GetProperty("quantityRejected").GetInt64());
        Assert.Equal("外箱受潮", requestLine.GetProperty("rejectionReason").GetString());
        Assert.Equal(hepingBefore.OnHand + 575, (await Stock(heping, masks)).OnHand);
        var back = await Stock(warehouse, masks);
        Assert.Equal(warehouseBefore.OnHand - 575, back.OnHand);
        Assert.Equal(warehouseBefore.Quarantined + 25, back.Quarantined);

        var closed = await Ok(await Act(id, "Close"));
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
        var kinds = (await _client.GetJsonAsync($"/odata/StockMovements?$filter=referenceType eq 'Shipment' and referenceId eq {shipmentId}&$select=kind"))
            .Values().Select(m => m.GetProperty("kind").GetString()).Distinct().Order().ToList();
        Assert.Equal(["DeliveryAccepted", "DeliveryRejected", "Dispatch"], kinds);
        await AssertLedgerConsistent();
    }

    [Fact]
    public async Task Approving_less_than_requested_is_a_partial_approval()
    {
        var station = await IdOf("Locations", "code eq 'PS-DINGYUAN'");
        var kn95 = await IdOf("Items", "code eq 'MSK-KN95'");
        var goggles = await IdOf("Items", "code eq 'GOG'");
        var id = await CreateRequest(station, "Normal", (kn95, 100), (goggles, 10));
        await Ok(await Act(id, "Submit"));
        var lines = await Lines(id);
        var result = await Ok(await Act(id, "Approve", new
        {
            lines = new[]
            {
                new { lineId = lines[0].GetProperty("id").GetInt32(), quantityApproved = 60 },
                new { lineId = lines[1].GetProperty("id").GetInt32(), quantityApproved = 0 },
            },
        }));
        Assert.Equal("PartiallyApproved", result.GetProperty("status").GetString());
        Assert.Equal([60L, 0L], (await Lines(id)).Select(l => l.GetProperty("quantityApproved").GetInt64()));
        await Ok(await Act(id, "Cancel", new { reason = "改由特警大隊調撥" }));
    }

    [Fact]
    public async Task Allocation_reserves_lots_earliest_expiry_first_skipping_quarantined_and_too_short_lived_lots()
    {
        var warehouse = await IdOf("Locations", "code eq 'WH-GX'");
        var station = await IdOf("Locations", "code eq 'SQ-DINGYUAN'");
        var item = await CreateItem("FEFO-GEL", tracksExpiry: true, usePerPersonShift: 0.05m);
        await AddStock(warehouse, item, "NEAR", Today.AddDays(20), 500);
        await AddStock(warehouse, item, "LOT-C", Today.AddDays(300), 40);
        await AddStock(warehouse, item, "LOT-A", Today.AddDays(100), 40);
        await AddStock(warehouse, item, "LOT-B", Today.AddDays(200), 40);
        await Quarantine(warehouse, item, "HELD", Today.AddDays(50), 500);

        var id = await CreateRequest(station, "High", (item, 100), neededBy: Today.AddDays(5));
        await Ok(await Act(id, "Submit"));
        await Ok(await Act(id, "Approve", new { lines = new[] { new { lineId = (await Lines(id))[0].GetProperty("id").GetInt32(), quantityApproved = 100 } } }));
        await Ok(await Act(id, "Allocate"));

        Assert.Equal(new Dictionary<string, long> { ["HELD"] = 0, ["LOT-A"] = 40, ["LOT-B"] = 40, ["LOT-C"] = 20, ["NEAR"] = 0 }, await ReservedByLot(warehouse, item));
        Assert.Equal(100, (await Lines(id))[0].GetProperty("quantityAllocated").GetInt64());

        await Ok(await Act(id, "Cancel", new { reason = "任務取消" }));
        Assert.All((await ReservedByLot(warehouse, item)).Values, r => Assert.Equal(0, r));
        await AssertLedgerConsistent();
    }

    [Fact]
    public async Task Scarce_stock_is_shared_by_priority_then_pro_rata_and_the_shortfall_is_reported()
    {
        var warehouse = await IdOf("Locations", "code eq 'WH-GX'");
        var item = await CreateItem("SCARCE-SUIT", tracksExpiry: false, usePerPersonShift: 0.1m);
        await AddStock(warehouse, item, null, null, 50);
        var urgent = await ApprovedRequest("CP-HEPING", "Urgent", item, 20);
        var normalLarge = await ApprovedRequest("PS-LIANDA", "Normal", item, 40);
        var normalSmall = await ApprovedRequest("SWAT", "Normal", item, 20);

        await Ok(await Act(normalLarge, "Allocate"));
        var large = (await Lines(normalLarge)).Single();
        Assert.Equal(20, large.GetProperty("quantityAllocated").GetInt64());
        Assert.Equal(20, large.GetProperty("quantityShort").GetInt64());
        await Ok(await Act(urgent, "Allocate"));
        Assert.Equal(20, (await Lines(urgent)).Single().GetProperty("quantityAllocated").GetInt64());
        await Ok(await Act(normalSmall, "Allocate"));
        Assert.Equal(10, (await Lines(normalSmall)).Single().GetProperty("quantityAllocated").GetInt64());
        Assert.Equal(50, (await ReservedByLot(warehouse, item)).Values.Sum());
    }

    [Fact]
    public async Task Days_of_cover_use_the_use_rate_or_recent_consumption()
    {
        var squad = await IdOf("Locations", "code eq 'SQ-DINGYUAN'");
        var item = await CreateItem("COVER-GLOVE", tracksExpiry: false, usePerPersonShift: 2);
        var warehouse = await IdOf("Locations", "code eq 'WH-GX'");
        await AddStock(warehouse, item, null, null, 1000);
        await _client.PostAsJsonAsync("/odata/Transfers", new { fromLocationId = warehouse, toLocationId = squad, itemId = item, quantity = 480 });

        var byRate = Cover(await _client.GetJsonAsync($"/odata/Locations({squad})/DaysOfCover()"), item);
        Assert.Equal(480, byRate.GetProperty("quantityAvailable").GetInt64());
        Assert.Equal(48m, byRate.GetProperty("dailyNeed").GetDecimal()); // 8 per shift × 3 shifts × 2 pairs
        Assert.Equal("UseRate", byRate.GetProperty("needBasis").GetString());
        Assert.Equal(10m, byRate.GetProperty("daysOfCover").GetDecimal());

        using var consumed = await _client.PostAsJsonAsync("/odata/ConsumptionReports",
            new { locationId = squad, consumedOn = LocalToday, lines = new[] { new { itemId = item, quantity = 140 } } });
        Assert.Equal(HttpStatusCode.Created, consumed.StatusCode);
        var byConsumption = Cover(await _client.GetJsonAsync($"/odata/Locations({squad})/DaysOfCover()"), item);
        Assert.Equal("Consumption", byConsumption.GetProperty("needBasis").GetString());
        Assert.Equal(140m, byConsumption.GetProperty("dailyNeed").GetDecimal()); // 140 over the one day reported
        Assert.Equal(2.4m, byConsumption.GetProperty("daysOfCover").GetDecimal()); // 340 / 140
    }

    [Fact]
    public async Task Suggest_brings_the_station_to_the_days_of_cover_every_station_would_share()
    {
        var warehouse = await IdOf("Locations", "code eq 'WH-GX'");
        var heping = await IdOf("Locations", "code eq 'CP-HEPING'");
        var item = await CreateItem("SUGGEST-MASK", tracksExpiry: false, usePerPersonShift: 1);
        await AddStock(warehouse, item, null, null, 1000);
        var id = await CreateRequest(heping, "Normal", (item, 500));

        var suggestion = (await _client.GetJsonAsync($"/odata/AllocationRequests({id})/Suggest()")).Values().Single();
        // Stations need 54 + 24 + 24 + 20 + 30 + 6 = 158 a day; 1000 / 158 = 6.33 days each; Heping: ⌈6.33 × 54⌉ = 342.
        Assert.Equal(6.3m, suggestion.GetProperty("targetDaysOfCover").GetDecimal());
        Assert.Equal(342, suggestion.GetProperty("quantitySuggested").GetInt64());
        Assert.Equal(1000, suggestion.GetProperty("warehouseAvailable").GetInt64());
    }

    [Fact]
    public async Task Rejected_delivery_lines_go_back_to_the_warehouse_in_quarantine_with_the_reason()
    {
        var warehouse = await IdOf("Locations", "code eq 'WH-GX'");
        var station = await IdOf("Locations", "code eq 'HP-DINGYUAN'");
        var item = await CreateItem("REJECT-GOGGLE", tracksExpiry: false, usePerPersonShift: 0);
        await AddStock(warehouse, item, null, null, 30);
        var id = await ApprovedRequest("HP-DINGYUAN", "High", item, 30);
        await Ok(await Act(id, "Allocate"));
        var shipmentId = (await Ok(await Act(id, "Dispatch"))).GetProperty("id").GetInt32();
        var line = (await _client.GetJsonAsync($"/odata/Shipments({shipmentId})/lines")).Values().Single();

        await Ok(await _client.PostAsJsonAsync($"/odata/Shipments({shipmentId})/ConfirmDelivery",
            new { lines = new[] { new { lineId = line.GetProperty("id").GetInt32(), quantityAccepted = 0, quantityRejected = 30, reason = "鏡片碎裂" } } }));

        Assert.Equal(0, (await Stock(station, item)).OnHand);
        var back = await Stock(warehouse, item);
        Assert.Equal((30L, 0L, 30L), (back.OnHand, back.Reserved, back.Quarantined));
        var confirmed = (await _client.GetJsonAsync($"/odata/Shipments({shipmentId})/lines")).Values().Single();
        Assert.Equal("鏡片碎裂", confirmed.GetProperty("rejectionReason").GetString());
        Assert.Equal("Delivered", (await _client.GetJsonAsync($"/odata/AllocationRequests({id})")).GetProperty("status").GetString());
        await AssertLedgerConsistent();
    }

    [Fact]
    public async Task Approving_more_than_requested_answers_409_and_changes_nothing()
    {
        var station = await IdOf("Locations", "code eq 'SWAT'");
        var masks = await IdOf("Items", "code eq 'MSK-MED'");
        var id = await CreateRequest(station, "Normal", (masks, 10));
        await Ok(await Act(id, "Submit"));
        var before = await _client.GetStringAsync($"/odata/AllocationRequests({id})?$expand=lines");

        using var response = await Act(id, "Approve", new { lines = new[] { new { lineId = (await Lines(id))[0].GetProperty("id").GetInt32(), quantityApproved = 11 } } });
        await AssertProblem(response, HttpStatusCode.Conflict, "only 10 were requested");
        Assert.Equal(before, await _client.GetStringAsync($"/odata/AllocationRequests({id})?$expand=lines"));
    }

    [Fact]
    public async Task Allocating_a_rejected_request_answers_409_and_reserves_nothing()
    {
        var warehouse = await IdOf("Locations", "code eq 'WH-GX'");
        var station = await IdOf("Locations", "code eq 'PS-LIANDA'");
        var suits = await IdOf("Items", "code eq 'PPE-SUIT'");
        var id = await CreateRequest(station, "Normal", (suits, 5));
        await Ok(await Act(id, "Submit"));
        await Ok(await Act(id, "Reject", new { reason = "防護服優先保障檢查站" }));
        var reservedBefore = (await Stock(warehouse, suits)).Reserved;

        using var response = await Act(id, "Allocate");
        await AssertProblem(response, HttpStatusCode.Conflict, "is Rejected");
        Assert.Equal(reservedBefore, (await Stock(warehouse, suits)).Reserved);
        Assert.Equal("Rejected", (await _client.GetJsonAsync($"/odata/AllocationRequests({id})")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Dispatching_twice_answers_409_and_moves_nothing_more()
    {
        var warehouse = await IdOf("Locations", "code eq 'WH-GX'");
        var item = await CreateItem("TWICE-THERMO", tracksExpiry: false, usePerPersonShift: 0);
        await AddStock(warehouse, item, null, null, 4);
        var id = await ApprovedRequest("PS-DINGYUAN", "Normal", item, 2);
        await Ok(await Act(id, "Allocate"));
        await Ok(await Act(id, "Dispatch"));
        var movements = await _client.GetStringAsync("/odata/StockMovements/$count");
        var shipments = await _client.GetStringAsync("/odata/Shipments/$count");

        using var response = await Act(id, "Dispatch");
        await AssertProblem(response, HttpStatusCode.Conflict, "dispatched twice");
        Assert.Equal(movements, await _client.GetStringAsync("/odata/StockMovements/$count"));
        Assert.Equal(shipments, await _client.GetStringAsync("/odata/Shipments/$count"));
        Assert.Equal(2, (await Stock(warehouse, item)).OnHand);
    }

    [Fact]
    public async Task Confirming_more_than_was_shipped_answers_409_and_changes_nothing()
    {
        var warehouse = await IdOf("Locations", "code eq 'WH-GX'");
        var item = await CreateItem("OVER-SANITISER", tracksExpiry: false, usePerPersonShift: 0.05m);
        await AddStock(warehouse, item, null, null, 10);
        var id = await ApprovedRequest("SQ-DINGYUAN", "Urgent", item, 10);
        await Ok(await Act(id, "Allocate"));
        var shipmentId = (await Ok(await Act(id, "Dispatch"))).GetProperty("id").GetInt32();
        var lineId = (await _client.GetJsonAsync($"/odata/Shipments({shipmentId})/lines")).Values().Single().GetProperty("id").GetInt32();
        var movements = await _client.GetStringAsync("/odata/StockMovements/$count");

        using var response = await _client.PostAsJsonAsync($"/odata/Shipments({shipmentId})/ConfirmDelivery",
            new { lines = new[] { new { lineId, quantityAccepted = 10, quantityRejected = 1, reason = "多點了一箱" } } });
        await AssertProblem(response, HttpStatusCode.Conflict, "more than the 10 shipped");
        Assert.Equal(movements, await _client.GetStringAsync("/odata/StockMovements/$count"));
        Assert.Equal("InTransit", (await _client.GetJsonAsync($"/odata/Shipments({shipmentId})")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Acting_with_a_stale_ETag_answers_412_and_changes_nothing()
    {
        var station = await IdOf("Locations", "code eq 'CP-HEPING'");
        var gloves = await IdOf("Items", "code eq 'GLV-NITRILE'");
        var id = await CreateRequest(station, "High", (gloves, 200));
        using var read = await _client.GetAsync($"/odata/AllocationRequests({id})");
        var stale = read.Headers.ETag!.ToString();
        await Ok(await Act(id, "Submit", ifMatch: stale));

        using var response = await Act(id, "Reject", new { reason = "重複申請" }, ifMatch: stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("Submitted", (await _client.GetJsonAsync($"/odata/AllocationRequests({id})")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_draft_can_be_patched_with_If_Match_but_not_its_status()
    {
        var station = await IdOf("Locations", "code eq 'CP-HEPING'");
        var masks = await IdOf("Items", "code eq 'MSK-SURG'");
        var id = await CreateRequest(station, "Normal", (masks, 10));
        using var read = await _client.GetAsync($"/odata/AllocationRequests({id})");

        using var noIfMatch = await _client.SendAsync(Patch(id, "{\"priority\":\"Urgent\"}", null));
        Assert.Equal((HttpStatusCode)428, noIfMatch.StatusCode);
        using var status = await _client.SendAsync(Patch(id, "{\"status\":\"Approved\"}", "*"));
        Assert.Equal(HttpStatusCode.BadRequest, status.StatusCode);
        using var patched = await _client.SendAsync(Patch(id, "{\"priority\":\"Urgent\",\"justification\":\"春運返程高峰\"}", read.Headers.ETag!.ToString()));
        var body = await Ok(patched);
        Assert.Equal(("Urgent", "Draft"), (body.GetProperty("priority").GetString(), body.GetProperty("status").GetString()));
        Assert.Equal("春運返程高峰", body.GetProperty("justification").GetString());
    }

    [Fact]
    public async Task Bad_request_bodies_are_refused_with_the_fields_named()
    {
        var station = await IdOf("Locations", "code eq 'CP-HEPING'");
        var warehouse = await IdOf("Locations", "code eq 'WH-GX'");
        var before = await _client.GetStringAsync("/odata/AllocationRequests/$count");
        using var response = await _client.PostAsJsonAsync("/odata/AllocationRequests", new
        {
            requestingLocationId = station, priority = "Normal", neededBy = Today.AddDays(-1),
            lines = new object[] { new { itemId = 1, quantityRequested = 1.5 }, new { itemId = 99999, quantityRequested = 1 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.FieldErrorsAsync());
        Assert.True(errors.TryGetProperty("neededBy", out _));
        Assert.True(errors.TryGetProperty("lines[0].quantityRequested", out _));
        Assert.True(errors.TryGetProperty("lines[1].itemId", out _));

        using var fromWarehouse = await _client.PostAsJsonAsync("/odata/AllocationRequests", new
        {
            requestingLocationId = warehouse, neededBy = Today.AddDays(3), lines = new[] { new { itemId = 1, quantityRequested = 1 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, fromWarehouse.StatusCode);
        Assert.Equal(before, await _client.GetStringAsync("/odata/AllocationRequests/$count"));
    }

    // Helpers

    private async Task<int> IdOf(string set, string filter) =>
        (await _client.GetJsonAsync($"/odata/{set}?$filter={Uri.EscapeDataString(filter)}&$select=id")).Values().Single().GetProperty("id").GetInt32();

    private async Task<int> CreateRequest(int station, string priority, (int ItemId, long Quantity) line, DateOnly? neededBy = null) =>
        await CreateRequest(station, priority, [line], neededBy);

    private async Task<int> CreateRequest(int station, string priority, (int ItemId, long Quantity) first, (int ItemId, long Quantity) second) =>
        await CreateRequest(station, priority, [first, second], null);

    private async Task<int> CreateRequest(int station, string priority, (int ItemId, long Quantity)[] lines, DateOnly? neededBy)
    {
        var body = new
        {
            requestingLocationId = station, priority, justification = "測試", neededBy = neededBy ?? Today.AddDays(7),
            lines = lines.Select(l => new { itemId = l.ItemId, quantityRequested = l.Quantity }).ToArray(),
        };
        using var response = await _client.PostAsJsonAsync("/odata/AllocationRequests", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }

    private async Task<int> ApprovedRequest(string stationCode, string priority, int item, long quantity)
    {
        var id = await CreateRequest(await IdOf("Locations", $"code eq '{stationCode}'"), priority, (item, quantity));
        await Ok(await Act(id, "Submit"));
        await Ok(await Act(id, "Approve", new { lines = new[] { new { lineId = (await Lines(id))[0].GetProperty("id").GetInt32(), quantityApproved = quantity } } }));
        return id;
    }

    private async Task<JsonElement[]> Lines(int id) => (await _client.GetJsonAsync($"/odata/AllocationRequests({id})/lines")).Values();

    private async Task<HttpResponseMessage> Act(int id, string action, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/odata/AllocationRequests({id})/{action}")
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await _client.SendAsync(request);
    }

    private static HttpRequestMessage Patch(int id, string json, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/odata/AllocationRequests({id})")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        await response.ReadODataErrorAsync();
        Assert.Contains(detail, (await response.ErrorJsonAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<int> CreateItem(string code, bool tracksExpiry, decimal usePerPersonShift)
    {
        using var response = await _client.PostAsJsonAsync("/odata/Items", new
        {
            code, nameZhHant = code, nameZhHans = code, nameEn = code, category = "Other", baseUnit = "件", packSize = 1, tracksExpiry,
            reorderLevel = 0, usePerPersonShift,
        });
        return (await Ok(response)).GetProperty("id").GetInt32();
    }

    private async Task AddStock(int location, int item, string? lot, DateOnly? expiresOn, long quantity) =>
        await Ok(await _client.PostAsJsonAsync("/odata/StockAdjustments",
            new { locationId = location, itemId = item, lotNumber = lot, expiresOn, quantity, reason = "Found", note = "盤盈" }));

    private async Task Quarantine(int location, int item, string lot, DateOnly expiresOn, long quantity)
    {
        var donor = await IdOf("Donors", "name eq '高新區商會'");
        var donation = await Ok(await _client.PostAsJsonAsync("/odata/Donations", new
        {
            donorId = donor, receivingLocationId = location, receivedOn = Today,
            lines = new[] { new { itemId = item, quantity, lotNumber = lot, expiresOn } },
        }));
        var donationId = donation.GetProperty("id").GetInt32();
        var lineId = (await _client.GetJsonAsync($"/odata/Donations({donationId})/lines")).Values().Single().GetProperty("id").GetInt32();
        await Ok(await _client.PostAsJsonAsync($"/odata/Donations({donationId})/Inspect",
            new { decisions = new[] { new { lineId, outcome = "Quarantine", reason = (string?)null } } }));
    }

    private async Task<(long OnHand, long Reserved, long Quarantined)> Stock(int location, int item)
    {
        var rows = (await _client.GetJsonAsync($"/odata/StockBalances?$filter=locationId eq {location} and itemId eq {item}")).Values();
        return (rows.Sum(r => r.GetProperty("quantityOnHand").GetInt64()), rows.Sum(r => r.GetProperty("quantityReserved").GetInt64()),
            rows.Sum(r => r.GetProperty("quantityQuarantined").GetInt64()));
    }

    private async Task<Dictionary<string, long>> ReservedByLot(int location, int item) =>
        (await _client.GetJsonAsync($"/odata/StockBalances?$filter=locationId eq {location} and itemId eq {item}")).Values()
            .ToDictionary(r => r.GetProperty("lotNumber").GetString()!, r => r.GetProperty("quantityReserved").GetInt64());

    private static JsonElement Cover(JsonElement page, int item) => page.Values().Single(c => c.GetProperty("itemId").GetInt32() == item);

    private async Task AssertLedgerConsistent()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await LedgerInvariants.AssertConsistentAsync(scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>());
    }
}
