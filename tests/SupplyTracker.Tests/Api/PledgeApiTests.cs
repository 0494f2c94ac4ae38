using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Infrastructure;

namespace SupplyTracker.Tests.Api;

/// <summary>The Pledges entity set: POST with lines (in packs too), $filter on the computed state, $expand of lines, Receive and Cancel.</summary>
[Trait("Database", "true")]
public sealed class PledgeApiTests(ApiFactory app) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = app.AdminClient;

    private static string Day(int fromToday) =>
        DateTime.UtcNow.AddHours(8).AddDays(fromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<int> IdAsync(string set, string filter) =>
        (await _admin.GetJsonAsync($"/odata/{set}?$filter={Uri.EscapeDataString(filter)}&$select=id&$top=1")).Values()[0].GetProperty("id").GetInt32();

    private async Task<(int Warehouse, int Heping, int Gloves, int GloveBox)> PlacesAsync()
    {
        var gloves = await IdAsync("Items", "code eq 'GLV-NITRILE'");
        var box = (await _admin.GetJsonAsync($"/odata/Items({gloves})/packs?$filter=nameEn eq 'box'")).Values()[0].GetProperty("id").GetInt32();
        return (await IdAsync("Locations", "code eq 'WH-GX'"), await IdAsync("Locations", "code eq 'CP-HEPING'"), gloves, box);
    }

    [Fact]
    public async Task A_pledge_posted_in_boxes_is_stored_in_base_units_reads_back_with_its_lines_and_is_received_as_a_donation()
    {
        var (warehouse, heping, gloves, box) = await PlacesAsync();
        using var created = await _admin.PostAsJsonAsync("/odata/Pledges", new
        {
            donorId = 1, contactName = "李女士", expectedOn = Day(1), receivingLocationId = warehouse, directedToLocationId = heping,
            lines = new object[] { new { itemId = gloves, packId = box, packCount = 20 } },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();

        var read = await _admin.GetJsonAsync($"/odata/Pledges({id})?$expand=lines");
        Assert.Equal("Pledged", read.GetProperty("state").GetString());
        var line = read.GetProperty("lines")[0];
        Assert.Equal((2_000m, 20m, box), (line.GetProperty("quantity").GetDecimal(), line.GetProperty("packCount").GetDecimal(), line.GetProperty("packId").GetInt32()));
        var open = (await _admin.GetJsonAsync($"/odata/Pledges?$filter=state eq 'Pledged' and id eq {id}")).Values();
        Assert.Single(open);

        using var received = await _admin.PostAsJsonAsync($"/odata/Pledges({id})/Receive", new { });
        Assert.True(received.IsSuccessStatusCode, await received.Content.ReadAsStringAsync());
        var pledge = await received.JsonAsync();
        Assert.Equal("Received", pledge.GetProperty("state").GetString());
        var donation = pledge.GetProperty("donationId").GetInt32();
        var donationLine = (await _admin.GetJsonAsync($"/odata/Donations({donation})/lines")).Values().Single();
        Assert.Equal((2_000m, heping), (donationLine.GetProperty("quantity").GetDecimal(), donationLine.GetProperty("directedToLocationId").GetInt32()));

        using var again = await _admin.PostAsJsonAsync($"/odata/Pledges({id})/Receive", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Two_and_a_half_boxes_are_a_400_naming_the_line_and_nothing_is_recorded()
    {
        var (warehouse, _, gloves, box) = await PlacesAsync();
        var before = await _admin.GetStringAsync("/odata/Pledges/$count");
        using var response = await _admin.PostAsJsonAsync("/odata/Pledges", new
        {
            donorId = 1, expectedOn = Day(1), receivingLocationId = warehouse, lines = new object[] { new { itemId = gloves, packId = box, packCount = 2.5 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ReadODataErrorAsync();
        Assert.True(error.HasDetailFor("lines[0].quantity") || error.HasDetailFor("Lines[0].Quantity"), await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await _admin.GetStringAsync("/odata/Pledges/$count"));
    }

    [Fact]
    public async Task A_request_posted_in_boxes_keeps_its_pack_and_count()
    {
        var (_, heping, gloves, box) = await PlacesAsync();
        using var created = await _admin.PostAsJsonAsync("/odata/AllocationRequests", new
        {
            requestingLocationId = heping, priority = "Normal", justification = "packs", neededBy = Day(3),
            lines = new object[] { new { itemId = gloves, packId = box, packCount = 3 } },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var line = (await created.JsonAsync()).GetProperty("lines")[0];
        Assert.Equal((300m, 3m), (line.GetProperty("quantityRequested").GetDecimal(), line.GetProperty("packCount").GetDecimal()));
    }

    [Fact]
    public async Task A_station_user_cannot_read_pledges()
    {
        var station = await app.CreateClientAsAsync(Roles.Station, "CP-HEPING");
        using var response = await station.GetAsync("/odata/Pledges");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
