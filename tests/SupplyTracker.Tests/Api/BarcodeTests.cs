using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Infrastructure;

namespace SupplyTracker.Tests.Api;

/// <summary>GTINs and packs on items, and Items/ResolveBarcode, over HTTP against the seeded app.</summary>
public sealed class BarcodeTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const char GS = '\u001D';
    private readonly HttpClient _admin = factory.AdminClient;

    private static string Resolve(string code) => $"/odata/Items/ResolveBarcode(code='{Uri.EscapeDataString(code.Replace("'", "''"))}')";

    private async Task<JsonElement> ItemAsync(string code) =>
        (await _admin.GetJsonAsync($"/odata/Items?$filter={Uri.EscapeDataString($"code eq '{code}'")}&$expand=packs")).Values().Single();

    [Fact]
    public async Task The_seeded_items_have_gtins_and_packs_with_their_own_gtins()
    {
        var masks = await ItemAsync("MSK-SURG");

        Assert.Equal(["02020011000019"], masks.GetProperty("gtins").EnumerateArray().Select(g => g.GetString()));
        var packs = masks.GetProperty("packs").EnumerateArray().ToList();
        Assert.Equal([("box", 50L, "12020011000016"), ("carton", 2000L, "22020011000013")],
            packs.Select(p => (p.GetProperty("nameEn").GetString(), p.GetProperty("quantity").GetInt64(), p.GetProperty("gtin").GetString())));
    }

    [Fact]
    public async Task A_seeded_carton_code_resolves_to_item_pack_lot_expiry_and_base_units()
    {
        var masks = await ItemAsync("MSK-SURG");
        var code = "]d2" + "0122020011000013" + "17270600" + "10YY20191203" + GS + "21C0001";

        var station = await factory.CreateClientAsAsync(Roles.Station, "CP-HEPING");
        using var response = await station.GetAsync(Resolve(code));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scan = await response.JsonAsync();
        Assert.Equal(masks.GetProperty("id").GetInt32(), scan.GetProperty("itemId").GetInt32());
        Assert.Equal("MSK-SURG", scan.GetProperty("itemCode").GetString());
        Assert.Equal("carton", scan.GetProperty("pack").GetProperty("nameEn").GetString());
        Assert.Equal("箱", scan.GetProperty("pack").GetProperty("nameZhHant").GetString());
        Assert.Equal("YY20191203", scan.GetProperty("lotNumber").GetString());
        Assert.Equal("2027-06-30", scan.GetProperty("expiresOn").GetString());
        Assert.Equal("C0001", scan.GetProperty("serialNumber").GetString());
        Assert.Equal(1, scan.GetProperty("count").GetInt64());
        Assert.Equal(2000, scan.GetProperty("quantity").GetInt64());
    }

    [Theory]
    [InlineData("(01)02020011000019(10)L-1", null, 1L)] // the unit's GTIN-13 inside AI 01
    [InlineData("2020011000019", null, 1L)] // the EAN-13 printed on one mask
    [InlineData("]E02020011000019", null, 1L)]
    [InlineData("(01)12020011000016", "box", 50L)]
    [InlineData("(02)12020011000016(37)20", "box", 1000L)] // a logistic unit of 20 boxes: 20 盒 × 50 = 1,000 只
    [InlineData("(01)22020011000013(30)1500", "carton", 1500L)] // a partial carton counted in base units
    public async Task Every_seeded_form_of_the_mask_code_gives_base_units(string code, string? pack, long quantity)
    {
        var scan = await _admin.GetJsonAsync(Resolve(code));

        Assert.Equal("MSK-SURG", scan.GetProperty("itemCode").GetString());
        Assert.Equal(pack, scan.GetProperty("pack").ValueKind == JsonValueKind.Null ? null : scan.GetProperty("pack").GetProperty("nameEn").GetString());
        Assert.Equal(quantity, scan.GetProperty("quantity").GetInt64());
    }

    [Theory]
    [InlineData("(01)22020011000014(17)270600", "wrong check digit")]
    [InlineData("(01)22020011000013(17)201300", "no month 13")]
    [InlineData("(01)22020011000013(30)2.5", "whole number")]
    [InlineData("(01)09501101020917", "No item or pack has the GTIN 09501101020917")]
    public async Task A_bad_or_unknown_code_is_a_400_naming_code(string code, string says)
    {
        using var response = await _admin.GetAsync(Resolve(code));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.FieldErrorsAsync()).GetProperty("code")[0].GetString();
        Assert.Contains(says, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_creates_an_item_with_gtins_and_packs_and_edits_them()
    {
        var body = new
        {
            code = "MSK-BC-1", nameZhHant = "測試口罩", nameZhHans = "测试口罩", nameEn = "Test mask", category = "Mask", baseUnit = "只",
            packSize = 20, tracksExpiry = false, reorderLevel = 0, usePerPersonShift = 0,
            gtins = new[] { "2029999000011" },
            packs = new[] { new { nameZhHant = "盒", nameZhHans = "盒", nameEn = "box", quantity = 20, gtin = "12029999000018" } },
        };
        using var created = await _admin.PostAsJsonAsync("/odata/Items", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();

        var scan = await _admin.GetJsonAsync(Resolve("(01)12029999000018(10)B1"));
        Assert.Equal(id, scan.GetProperty("itemId").GetInt32());
        Assert.Equal(20, scan.GetProperty("quantity").GetInt64());

        using var current = await _admin.GetAsync($"/odata/Items({id})");
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/odata/Items({id})")
        {
            Content = JsonContent.Create(new { gtins = new[] { "2029999000011", "2029999000028" } }),
        };
        patch.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        using var patched = await _admin.SendAsync(patch);
        Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());

        var item = await ItemAsync("MSK-BC-1");
        Assert.Equal(["02029999000011", "02029999000028"], item.GetProperty("gtins").EnumerateArray().Select(g => g.GetString()));
        Assert.Single(item.GetProperty("packs").EnumerateArray());
    }

    [Theory]
    [InlineData("2020011000019", "gtins", "already used by item MSK-SURG")] // a seeded mask's unit GTIN
    [InlineData("2029999000017", "gtins", "wrong check digit")]
    public async Task An_item_cannot_take_a_gtin_that_is_taken_or_invalid(string gtin, string field, string says)
    {
        var body = new
        {
            code = $"MSK-BC-{gtin[^3..]}", nameZhHant = "測試", nameZhHans = "测试", nameEn = "Test", category = "Mask", baseUnit = "只",
            packSize = 1, tracksExpiry = false, reorderLevel = 0, usePerPersonShift = 0, gtins = new[] { gtin },
        };
        using var response = await _admin.PostAsJsonAsync("/odata/Items", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(says, (await response.FieldErrorsAsync()).GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pack_gtin_taken_by_another_items_pack_is_refused()
    {
        var body = new
        {
            code = "MSK-BC-2", nameZhHant = "測試", nameZhHans = "测试", nameEn = "Test", category = "Mask", baseUnit = "只",
            packSize = 1, tracksExpiry = false, reorderLevel = 0, usePerPersonShift = 0,
            packs = new[] { new { nameZhHant = "箱", nameZhHans = "箱", nameEn = "carton", quantity = 10, gtin = "22020011000013" } },
        };
        using var response = await _admin.PostAsJsonAsync("/odata/Items", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("already used by item MSK-SURG", (await response.FieldErrorsAsync()).GetProperty("packs.gtin")[0].GetString(),
            StringComparison.Ordinal);
    }
}
