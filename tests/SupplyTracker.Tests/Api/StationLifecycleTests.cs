using System.Net;
using System.Net.Http.Json;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Infrastructure;

namespace SupplyTracker.Tests.Api;

[Trait("Database", "true")]
public sealed class StationLifecycleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_station_user_and_a_logistics_user_run_a_request_from_submission_to_confirmed_delivery()
    {
        var station = await factory.CreateClientAsAsync(Roles.Station, "CP-HEPING");
        var logistics = await factory.CreateClientAsAsync(Roles.Logistics);
        var heping = (await logistics.GetJsonAsync("/odata/Locations?$filter=code eq 'CP-HEPING'&$select=id")).Values()[0].GetProperty("id").GetInt32();
        var goggles = (await logistics.GetJsonAsync("/odata/Items?$filter=code eq 'GOG'&$select=id")).Values()[0].GetProperty("id").GetInt32();

        using var created = await station.PostAsJsonAsync("/odata/AllocationRequests", new
        {
            requestingLocationId = heping, priority = "Urgent", justification = "卡口護目鏡不足", neededBy = "2026-12-31",
            lines = new[] { new { itemId = goggles, quantityRequested = 20 } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();
        var line = (await station.GetJsonAsync($"/odata/AllocationRequests({id})/lines")).Values()[0].GetProperty("id").GetInt32();
        await Ok(station.PostAsJsonAsync($"/odata/AllocationRequests({id})/Submit", new { }));

        using var stationApproving = await station.PostAsJsonAsync($"/odata/AllocationRequests({id})/Approve", new { lines = new[] { new { lineId = line, quantityApproved = 20 } } });
        Assert.Equal(HttpStatusCode.Forbidden, stationApproving.StatusCode);

        await Ok(logistics.PostAsJsonAsync($"/odata/AllocationRequests({id})/Approve", new { lines = new[] { new { lineId = line, quantityApproved = 20 } } }));
        await Ok(logistics.PostAsJsonAsync($"/odata/AllocationRequests({id})/Allocate", new { }));
        using var dispatched = await logistics.PostAsJsonAsync($"/odata/AllocationRequests({id})/Dispatch", new { });
        Assert.Equal(HttpStatusCode.OK, dispatched.StatusCode);
        var shipmentJson = await dispatched.JsonAsync();
        var shipment = shipmentJson.GetProperty("id").GetInt32();

        using var waybill = await logistics.GetAsync($"/odata/Shipments({shipment})/Waybill");
        Assert.Equal(HttpStatusCode.OK, waybill.StatusCode);
        Assert.Equal("application/pdf", waybill.Content.Headers.ContentType?.MediaType);
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(await waybill.Content.ReadAsByteArrayAsync()))
        {
            var text = string.Concat(pdf.GetPages().Select(p => p.Text));
            Assert.Contains(shipmentJson.GetProperty("number").GetString()!, text, StringComparison.Ordinal);
            Assert.Contains("和平檢查站", text, StringComparison.Ordinal);
        }
        using var otherStation = await (await factory.CreateClientAsAsync(Roles.Station, "PS-LIANDA")).GetAsync($"/odata/Shipments({shipment})/Waybill");
        Assert.Equal(HttpStatusCode.NotFound, otherStation.StatusCode);

        var shipmentLine = (await station.GetJsonAsync($"/odata/Shipments({shipment})/lines")).Values()[0].GetProperty("id").GetInt32();
        await Ok(station.PostAsJsonAsync($"/odata/Shipments({shipment})/ConfirmDelivery",
            new { lines = new[] { new { lineId = shipmentLine, quantityAccepted = 18, quantityRejected = 2, reason = "鏡片刮花" } } }));

        var request = await station.GetJsonAsync($"/odata/AllocationRequests({id})");
        Assert.Equal("Delivered", request.GetProperty("status").GetString());
        var atStation = await station.GetJsonAsync($"/odata/StockBalances?$filter=itemId eq {goggles}&$select=quantityOnHand");
        Assert.Equal(18, atStation.Values().Sum(b => b.GetProperty("quantityOnHand").GetInt64()));
    }

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
