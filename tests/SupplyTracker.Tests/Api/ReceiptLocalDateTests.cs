using System.Net.Http.Json;
using System.Text.Json;
using SupplyTracker.Tests.Documents;
using SupplyTracker.Tests.Infrastructure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Api;

/// <summary>23:30 UTC on 31 December is 07:30 on 1 January in the deployment's zone (Asia/Shanghai).</summary>
public sealed class NewYearMorningApp() : ApiFactory(new TestAppOptions { Start = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero) });

[Trait("Database", "true")]
public class ReceiptLocalDateTests(NewYearMorningApp app) : IClassFixture<NewYearMorningApp>
{
    [Fact]
    public async Task A_receipt_issued_on_new_years_morning_local_time_is_numbered_and_dated_in_the_new_year()
    {
        var client = app.AdminClient;
        var donation = await ReceiptDonations.InspectedAsync(client, "NY-2027", receivedOn: "2026-12-31");

        using var issued = await client.PostAsJsonAsync($"/odata/Donations({donation})/IssueReceipt", new { });
        issued.EnsureSuccessStatusCode();
        var number = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;

        Assert.StartsWith("ST-2027-", number);
        var text = DonorReceiptDocumentTests.Text(await client.GetByteArrayAsync($"/odata/DonorReceipts('{number}')/$value?lang=en"));
        Assert.Contains("2027-01-01", text);
    }
}
