using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Api;
using SupplyTracker.Tests.Infrastructure;

namespace SupplyTracker.Tests.Features.Recalls;

/// <summary>Recalls and alerts over HTTP against the seeded app (real SQLite file).</summary>
[Trait("Database", "true")]
public sealed class RecallAndAlertTests(ApiFactory app) : IClassFixture<ApiFactory>
{
    private const string Lot = "YY20191203";

    private async Task<int> IdAsync(string set, string filter) =>
        (await app.AdminClient.GetJsonAsync($"/odata/{set}?$filter={Uri.EscapeDataString(filter)}&$select=id&$top=1")).Values()[0].GetProperty("id").GetInt32();

    [Fact]
    public async Task A_recall_quarantines_the_lot_everywhere_traces_it_from_the_ledger_and_stations_confirm_their_own()
    {
        var masks = await IdAsync("Items", "code eq 'MSK-SURG'");
        var heping = await IdAsync("Locations", "code eq 'CP-HEPING'");
        using var raised = await app.AdminClient.PostAsJsonAsync("/odata/Recalls",
            new { itemId = masks, lotNumbers = new[] { Lot }, reason = "Counterfeit certificate", source = "Authority" });
        Assert.True(raised.StatusCode == HttpStatusCode.Created, await raised.Content.ReadAsStringAsync());
        var recall = await raised.JsonAsync();
        var id = recall.GetProperty("id").GetInt32();

        var balances = (await app.AdminClient.GetJsonAsync($"/odata/StockBalances?$filter=itemId eq {masks} and lotNumber eq '{Lot}'")).Values();
        Assert.NotEmpty(balances);
        Assert.All(balances, b =>
        {
            Assert.Equal(b.GetProperty("quantityOnHand").GetInt64(), b.GetProperty("quantityQuarantined").GetInt64());
            Assert.Equal(0, b.GetProperty("quantityReserved").GetInt64());
        });

        var trace = (await app.AdminClient.GetJsonAsync($"/odata/Recalls({id})/Trace()")).Values();
        var movements = (await app.AdminClient.GetJsonAsync($"/odata/StockMovements?$filter=itemId eq {masks} and lotNumber eq '{Lot}'&$top=1000")).Values();
        Assert.NotEmpty(trace);
        foreach (var row in trace)
        {
            var at = movements.Where(m => m.GetProperty("locationId").GetInt32() == row.GetProperty("locationId").GetInt32()).ToList();
            Assert.Equal(at.Sum(m => m.GetProperty("quantity").GetInt64()), row.GetProperty("quantityHeld").GetInt64());
            Assert.Equal(-at.Where(m => m.GetProperty("kind").GetString() == "Consumption").Sum(m => m.GetProperty("quantity").GetInt64()),
                row.GetProperty("quantityConsumed").GetInt64());
        }
        Assert.Contains(trace, r => r.GetProperty("locationId").GetInt32() == heping && r.GetProperty("notified").GetBoolean());

        var station = await app.CreateClientAsAsync(Roles.Station, "CP-HEPING");
        var stationTrace = (await station.GetJsonAsync($"/odata/Recalls({id})/Trace()")).Values();
        Assert.Equal([heping], stationTrace.Select(r => r.GetProperty("locationId").GetInt32()).ToList());
        var alerts = (await station.GetJsonAsync("/odata/Alerts?$filter=kind eq 'RecallNotice'")).Values();
        Assert.Contains(alerts, a => a.GetProperty("recallId").GetInt32() == id);

        using var confirmed = await station.PostAsJsonAsync($"/odata/Recalls({id})/ConfirmSetAside", new { });
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
        var notices = (await confirmed.JsonAsync()).GetProperty("notices").EnumerateArray().ToList();
        Assert.Equal([heping], notices.Select(n => n.GetProperty("locationId").GetInt32()).ToList());
        Assert.NotEqual(JsonValueKind.Null, notices[0].GetProperty("confirmedAt").ValueKind);
        using var again = await station.PostAsJsonAsync($"/odata/Recalls({id})/ConfirmSetAside", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var recallNow = await app.AdminClient.GetJsonAsync($"/odata/Recalls({id})");
        Assert.Equal(1, recallNow.GetProperty("stationsConfirmed").GetInt32());
    }

    [Fact]
    public async Task Recalling_a_lot_that_was_never_received_is_refused_naming_the_field_and_writes_nothing()
    {
        var masks = await IdAsync("Items", "code eq 'MSK-SURG'");
        var before = await app.AdminClient.GetStringAsync("/odata/Recalls/$count");
        var movementsBefore = await app.AdminClient.GetStringAsync("/odata/StockMovements/$count");
        using var response = await app.AdminClient.PostAsJsonAsync("/odata/Recalls",
            new { itemId = masks, lotNumbers = new[] { "NO-SUCH-LOT" }, reason = "x", source = "Inspection" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("lotNumbers", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await app.AdminClient.GetStringAsync("/odata/Recalls/$count"));
        Assert.Equal(movementsBefore, await app.AdminClient.GetStringAsync("/odata/StockMovements/$count"));
    }

    [Fact]
    public async Task Alerts_are_raised_once_scoped_to_who_can_act_and_a_dismissal_sticks()
    {
        using var first = await app.AdminClient.PostAsJsonAsync("/odata/Alerts/RaiseAlerts", new { });
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
        using var second = await app.AdminClient.PostAsJsonAsync("/odata/Alerts/RaiseAlerts", new { });
        Assert.Equal(0, (await second.JsonAsync()).GetProperty("raised").GetInt32());
        var all = (await app.AdminClient.GetJsonAsync("/odata/Alerts?$top=1000")).Values();
        var keys = all.Select(a => a.GetProperty("dedupKey").GetString()).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());

        var heping = await IdAsync("Locations", "code eq 'CP-HEPING'");
        var station = await app.CreateClientAsAsync(Roles.Station, "CP-HEPING");
        var own = (await station.GetJsonAsync("/odata/Alerts?$top=1000")).Values();
        Assert.All(own, a =>
        {
            Assert.Equal(heping, a.GetProperty("locationId").GetInt32());
            Assert.Equal("Station", a.GetProperty("audience").GetString());
        });
        var open = own.Where(a => a.GetProperty("dismissedAt").ValueKind == JsonValueKind.Null).ToList();
        if (open.Count == 0) return;
        var alertId = open[0].GetProperty("id").GetInt64();
        using var dismissed = await station.PostAsJsonAsync($"/odata/Alerts({alertId})/Dismiss", new { });
        Assert.True(dismissed.IsSuccessStatusCode, await dismissed.Content.ReadAsStringAsync());
        using var third = await app.AdminClient.PostAsJsonAsync("/odata/Alerts/RaiseAlerts", new { });
        Assert.Equal(0, (await third.JsonAsync()).GetProperty("raised").GetInt32());
        var after = await station.GetJsonAsync($"/odata/Alerts({alertId})");
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("dismissedAt").ValueKind);
    }
}
