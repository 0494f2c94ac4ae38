using System.Net;
using System.Text.Json;

namespace SupplyTracker.Tests.Api;

[Trait("Database", "true")]
public sealed class QueryOptionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.AdminClient;

    [Fact]
    public async Task Locations_list_the_Heping_checkpoint_with_its_Chinese_name()
    {
        var page = await _client.GetJsonAsync("/odata/Locations?$select=code,name");
        Assert.Contains(page.Values(), l => l.GetProperty("name").GetString() == "和平檢查站");
    }

    [Fact]
    public async Task Filter_contains_matches_Chinese_names()
    {
        var page = await _client.GetJsonAsync("/odata/Items?$filter=" + Uri.EscapeDataString("contains(nameZhHant,'口罩')") + "&$select=code");
        var codes = page.Values().Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.Equal(["MSK-SURG", "MSK-KN95", "MSK-MED"], codes);
    }

    [Fact]
    public async Task Filter_in_selects_the_listed_codes()
    {
        var page = await _client.GetJsonAsync("/odata/Items?$filter=" + Uri.EscapeDataString("code in ('GOG','THERMO-IR')") + "&$select=code");
        Assert.Equal(2, page.Values().Length);
    }

    [Fact]
    public async Task Filter_any_finds_donations_with_a_line_of_an_item()
    {
        var items = await _client.GetJsonAsync("/odata/Items?$filter=code eq 'PPE-SUIT'&$select=id");
        var itemId = items.Values()[0].GetProperty("id").GetInt32();
        var page = await _client.GetJsonAsync("/odata/Donations?$filter=" + Uri.EscapeDataString($"lines/any(l: l/itemId eq {itemId})") + "&$select=reference");
        Assert.Equal(["SEED-2020-002", "SEED-2020-006"], page.Values().Select(d => d.GetProperty("reference").GetString()).Order().ToList());
    }

    [Fact]
    public async Task Filter_all_checks_every_line()
    {
        var page = await _client.GetJsonAsync("/odata/Donations?$filter=" + Uri.EscapeDataString("lines/all(l: l/disposition eq 'Accepted')") + "&$select=reference");
        var references = page.Values().Select(d => d.GetProperty("reference").GetString()).ToList();
        Assert.DoesNotContain("SEED-2020-004", references);
        Assert.Contains("SEED-2020-001", references);
    }

    [Fact]
    public async Task Select_returns_only_the_named_properties()
    {
        var page = await _client.GetJsonAsync("/odata/Items?$select=code&$top=1");
        var item = page.Values()[0];
        Assert.True(item.TryGetProperty("code", out _));
        Assert.False(item.TryGetProperty("nameEn", out _));
    }

    [Fact]
    public async Task Nested_expand_with_options_inside()
    {
        var url = "/odata/Donations?$filter=reference eq 'SEED-2020-001'&$select=id&$expand="
            + Uri.EscapeDataString("lines($filter=quantity gt 200;$select=quantity),donor($select=name),receivingLocation($select=code)");
        var donation = (await _client.GetJsonAsync(url)).Values().Single();
        Assert.Equal([5000m, 240m], donation.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("quantity").GetDecimal()).ToList());
        Assert.Equal("蘭州高新區某醫藥有限公司", donation.GetProperty("donor").GetProperty("name").GetString());
        Assert.Equal("WH-GX", donation.GetProperty("receivingLocation").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Expand_of_a_navigation_on_balances()
    {
        var page = await _client.GetJsonAsync("/odata/StockBalances?$top=1&$expand=item($select=code),location($select=name)");
        var balance = page.Values()[0];
        Assert.False(string.IsNullOrEmpty(balance.GetProperty("item").GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(balance.GetProperty("location").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Orderby_top_and_skip_page_through_a_sorted_list()
    {
        var all = (await _client.GetJsonAsync("/odata/Items?$orderby=code desc&$select=code")).Values().Select(i => i.GetProperty("code").GetString()).ToList();
        var page = (await _client.GetJsonAsync("/odata/Items?$orderby=code desc&$select=code&$skip=2&$top=3")).Values().Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.Equal(all.Skip(2).Take(3), page);
        Assert.Equal(all.OrderByDescending(c => c, StringComparer.Ordinal), all);
    }

    [Fact]
    public async Task Count_option_and_count_segments_agree()
    {
        var page = await _client.GetJsonAsync("/odata/Items?$count=true&$top=1");
        var count = page.GetProperty("@odata.count").GetInt32();
        Assert.Equal(12, count);
        Assert.Equal("12", await _client.GetStringAsync("/odata/Items/$count"));

        var donation = (await _client.GetJsonAsync("/odata/Donations?$filter=reference eq 'SEED-2020-003'&$select=id")).Values()[0].GetProperty("id").GetInt32();
        Assert.Equal("4", await _client.GetStringAsync($"/odata/Donations({donation})/lines/$count"));
    }

    [Fact]
    public async Task Apply_groups_and_sums_balances_per_item()
    {
        var url = "/odata/StockBalances?$apply=" + Uri.EscapeDataString("groupby((itemId),aggregate(quantityOnHand with sum as total))");
        var groups = (await _client.GetJsonAsync(url)).Values();
        var totals = groups.ToDictionary(g => g.GetProperty("itemId").GetInt32(), g => g.GetProperty("total").GetInt64());
        var balances = (await _client.GetJsonAsync("/odata/StockBalances?$select=itemId,quantityOnHand&$top=1000")).Values();
        foreach (var (itemId, total) in totals)
            Assert.Equal(balances.Where(b => b.GetProperty("itemId").GetInt32() == itemId).Sum(b => b.GetProperty("quantityOnHand").GetInt64()), total);
    }

    [Fact]
    public async Task Apply_aggregates_movements_by_kind()
    {
        var url = "/odata/StockMovements?$apply=" + Uri.EscapeDataString("groupby((kind),aggregate(quantity with sum as total))");
        var kinds = (await _client.GetJsonAsync(url)).Values().Select(g => g.GetProperty("kind").GetString()).ToList();
        Assert.Contains("DonationAccepted", kinds);
        Assert.Contains("TransferOut", kinds);
    }

    [Fact]
    public async Task Compute_adds_a_calculated_property()
    {
        var url = "/odata/Items?$filter=code eq 'GOG'&$compute=" + Uri.EscapeDataString("length(code) as codeLength") + "&$select=code,codeLength";
        var item = (await _client.GetJsonAsync(url)).Values().Single();
        Assert.Equal(3, item.GetProperty("codeLength").GetInt32());
    }

    [Fact]
    public async Task Search_matches_names_in_any_language_and_codes()
    {
        async Task<List<string?>> Codes(string search) =>
            [.. (await _client.GetJsonAsync("/odata/Items?$select=code&$search=" + Uri.EscapeDataString(search))).Values().Select(i => i.GetProperty("code").GetString())];

        Assert.Equal(["MSK-SURG", "MSK-KN95", "MSK-MED"], await Codes("口罩"));
        Assert.Equal(["MSK-SURG", "MSK-KN95", "MSK-MED"], await Codes("口罩 OR 口罩"));
        Assert.Equal(["GOG"], await Codes("goggles"));
        Assert.Equal(["DIS-84"], await Codes("\"84\" AND 消毒"));
        Assert.Equal(["MSK-KN95"], await Codes("\"KN95\""));
    }

    [Fact]
    public async Task Search_on_a_set_without_text_answers_501()
    {
        using var response = await _client.GetAsync("/odata/Transfers?$search=abc");
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Equal("$search", (await response.ReadODataErrorAsync()).Target);
    }

    [Fact]
    public async Task Expiring_within_lists_lots_with_stock_that_expire_soon()
    {
        var soon = (await _client.GetJsonAsync("/odata/Items/ExpiringWithin(days=3650)?$select=lotNumber,expiresOn")).Values();
        Assert.NotEmpty(soon);
        Assert.All(soon, b => Assert.NotEqual(JsonValueKind.Null, b.GetProperty("expiresOn").ValueKind));
        using var bad = await _client.GetAsync("/odata/Items/ExpiringWithin(days=-1)");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Metadata_describes_every_entity_set_with_its_key_and_actions()
    {
        var metadata = await _client.GetStringAsync("/odata/$metadata");
        foreach (var set in new[] { "Items", "Donors", "Locations", "Donations", "StockBalances", "StockMovements", "StockAdjustments", "Transfers", "ConsumptionReports" })
            Assert.Contains($"EntitySet Name=\"{set}\"", metadata);
        Assert.Contains("<Action Name=\"Inspect\" IsBound=\"true\">", metadata);
        Assert.Contains("<Action Name=\"ReleaseFromQuarantine\" IsBound=\"true\">", metadata);
        Assert.Contains("<Function Name=\"ExpiringWithin\" IsBound=\"true\">", metadata);
        Assert.Contains("ContainsTarget=\"true\"", metadata);
    }
}
