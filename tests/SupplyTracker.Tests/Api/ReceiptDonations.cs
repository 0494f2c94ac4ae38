using System.Net.Http.Json;
using System.Text.Json;

namespace SupplyTracker.Tests.Api;

/// <summary>The donation the receipt tests issue for: 高新區商會 gives 400 gloves (accepted) and 30 bottles of alcohol (rejected, 包裝破損).</summary>
internal static class ReceiptDonations
{
    public static async Task<int> InspectedAsync(HttpClient client, string lot, decimal? declaredValue = null, string receivedOn = "2026-11-01")
    {
        var body = new
        {
            donorId = await client.IdOfAsync("Donors", "name eq '高新區商會'"), receivingLocationId = await client.IdOfAsync("Locations", "code eq 'WH-GX'"),
            receivedOn,
            lines = new object[]
            {
                new { itemId = await client.IdOfAsync("Items", "code eq 'GLV-NITRILE'"), quantity = 400, lotNumber = lot, declaredValue },
                new { itemId = await client.IdOfAsync("Items", "code eq 'DIS-ALC75'"), quantity = 30, lotNumber = lot, expiresOn = "2028-01-01" },
            },
        };
        var donation = (await OkAsync(await client.PostAsJsonAsync("/odata/Donations", body))).GetProperty("id").GetInt32();
        var lines = (await client.GetJsonAsync($"/odata/Donations({donation})/lines")).Values();
        await OkAsync(await client.PostAsJsonAsync($"/odata/Donations({donation})/Inspect", new
        {
            decisions = new object[]
            {
                new { lineId = lines[0].GetProperty("id").GetInt32(), outcome = "Accept" },
                new { lineId = lines[1].GetProperty("id").GetInt32(), outcome = "Reject", reason = "包裝破損" },
            },
        }));
        return donation;
    }

    public static async Task<int> IdOfAsync(this HttpClient client, string set, string filter) =>
        (await client.GetJsonAsync($"/odata/{set}?$filter={Uri.EscapeDataString(filter)}&$select=id")).Values().Single().GetProperty("id").GetInt32();

    public static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
