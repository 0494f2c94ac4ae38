using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Api;
using static SupplyTracker.Tests.Api.ReceiptDonations;

namespace SupplyTracker.Tests.Documents;

/// <summary>What intake records about a line's value, pack and direction, read back from the API and from the issued receipt.</summary>
[Trait("Database", "true")]
public class IntakeFieldsReceiptTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.AdminClient;

    [Fact]
    public async Task A_line_keeps_its_appraised_value_with_the_note_the_pack_it_was_counted_in_and_its_own_direction()
    {
        var (donation, _) = await RecordAsync("IF-API-1");

        var lines = (await _client.GetJsonAsync($"/odata/Donations({donation})/lines?$orderby=lineNumber")).Values();
        Assert.Equal(1200, lines[0].GetProperty("quantity").GetDecimal());
        Assert.Equal(3, lines[0].GetProperty("packCount").GetDecimal());
        Assert.Equal(400, lines[0].GetProperty("packSize").GetInt64());
        Assert.Equal("箱", lines[0].GetProperty("packNameZhHant").GetString());
        Assert.Equal("carton", lines[0].GetProperty("packNameEn").GetString());
        Assert.Equal("Appraised", lines[0].GetProperty("valueBasis").GetString());
        Assert.Equal("按供貨發票 No. 2020-117 估價", lines[0].GetProperty("valueNote").GetString());
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("directedToLocationId").ValueKind);
        Assert.Equal("Declared", lines[1].GetProperty("valueBasis").GetString());
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("packCount").ValueKind);
        Assert.Equal(await _client.IdOfAsync("Locations", "code eq 'CP-HEPING'"), lines[1].GetProperty("directedToLocationId").GetInt32());
    }

    [Fact]
    public async Task A_value_basis_without_a_value_is_refused_with_its_code_and_nothing_is_recorded()
    {
        var before = (await _client.GetJsonAsync("/odata/Donations/$count")).GetInt32();
        using var response = await _client.PostAsJsonAsync("/odata/Donations", new
        {
            donorId = await _client.IdOfAsync("Donors", "name eq '高新區商會'"), receivingLocationId = await _client.IdOfAsync("Locations", "code eq 'WH-GX'"),
            receivedOn = "2026-11-01",
            lines = new object[] { new { itemId = await _client.IdOfAsync("Items", "code eq 'GLV-NITRILE'"), quantity = 10, valueBasis = "Appraised" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(ErrorCodes.DonationValueBasisWithoutValue.Value, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await _client.GetJsonAsync("/odata/Donations/$count")).GetInt32());
    }

    [Fact]
    public async Task Quantity_and_packs_together_are_refused()
    {
        var kn95 = await _client.GetJsonAsync("/odata/Items?$filter=code eq 'MSK-KN95'&$expand=packs");
        var carton = kn95.Values().Single().GetProperty("packs").EnumerateArray().Single(p => p.GetProperty("nameEn").GetString() == "carton");
        using var response = await _client.PostAsJsonAsync("/odata/Donations", new
        {
            donorId = await _client.IdOfAsync("Donors", "name eq '高新區商會'"), receivingLocationId = await _client.IdOfAsync("Locations", "code eq 'WH-GX'"),
            receivedOn = "2026-11-01",
            lines = new object[] { new { itemId = await _client.IdOfAsync("Items", "code eq 'MSK-KN95'"), quantity = 1200, packId = carton.GetProperty("id").GetInt32(), packCount = 3 } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(ErrorCodes.DonationQuantityOrPacks.Value, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("zh-Hant", "（估價）", "3 箱 × 400 = 1,200 只", "捐贈者定向送往 和平檢查站", "價值合計（申報及估價）")]
    [InlineData("zh-Hans", "（估价）", "3 箱 × 400 = 1,200 只", "捐赠者定向送往 和平检查站", "价值合计（申报及估价）")]
    [InlineData("en", "(appraised)", "3 × carton of 400 = 1,200 pcs", "directed by the donor to Heping Checkpoint", "Total value (declared and appraised)")]
    public async Task The_receipt_prints_the_basis_that_was_entered_the_note_the_packs_and_the_lines_direction(string language, string basis, string packs,
        string directed, string total)
    {
        var (donation, lines) = await RecordAsync($"IF-RC-{language}");
        await OkAsync(await _client.PostAsJsonAsync($"/odata/Donations({donation})/Inspect", new
        {
            decisions = lines.Select(l => new { lineId = l, outcome = "Accept" }).ToArray(),
        }));
        var receipt = await OkAsync(await _client.PostAsJsonAsync($"/odata/Donations({donation})/IssueReceipt", new { language }));
        var pdf = await _client.GetByteArrayAsync($"/odata/DonorReceipts('{receipt.GetProperty("number").GetString()}')/$value");
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), $"receipt-intake-fields-{language}.pdf"), pdf);

        var text = DonorReceiptDocumentTests.Text(pdf);
        Assert.Contains(basis, text);
        Assert.Contains("1,200.00", text);
        Assert.Contains(packs, text);
        Assert.Contains("按供貨發票 No. 2020-117 估價", text);
        Assert.Contains(directed, text);
        // Not "declared by the donor": one of the values is our appraisal.
        Assert.Contains(total, text);
        Assert.Contains("1,280.00", text);
        // The page the receipt's QR code opens says it with the receipt's words.
        var number = receipt.GetProperty("number").GetString()!;
        var code = (await _client.GetJsonAsync($"/odata/DonorReceipts('{number}')")).GetProperty("verificationCode").GetString()!;
        using var anonymous = factory.CreateClient();
        var verification = await anonymous.GetStringAsync($"/verify/{number}?c={code}&lang={language}");
        Assert.Contains($"<dt>{total}</dt><dd id=\"declared-total\">CNY 1,280.00</dd>", verification);
    }

    /// <summary>KN95 counted as 3 cartons of 400 with an appraised value and a note; nitrile gloves with a declared value, directed to 和平檢查站.</summary>
    private async Task<(int Donation, int[] Lines)> RecordAsync(string reference)
    {
        var kn95 = await _client.GetJsonAsync("/odata/Items?$filter=code eq 'MSK-KN95'&$expand=packs");
        var carton = kn95.Values().Single().GetProperty("packs").EnumerateArray().Single(p => p.GetProperty("nameEn").GetString() == "carton");
        var body = new
        {
            donorId = await _client.IdOfAsync("Donors", "name eq '高新區商會'"), receivingLocationId = await _client.IdOfAsync("Locations", "code eq 'WH-GX'"),
            receivedOn = "2026-11-01", reference,
            lines = new object[]
            {
                new
                {
                    itemId = kn95.Values().Single().GetProperty("id").GetInt32(), packId = carton.GetProperty("id").GetInt32(), packCount = 3, lotNumber = reference,
                    declaredValue = 1200m, valueBasis = "Appraised", valueNote = "按供貨發票 No. 2020-117 估價",
                },
                new
                {
                    itemId = await _client.IdOfAsync("Items", "code eq 'GLV-NITRILE'"), quantity = 100, lotNumber = reference, declaredValue = 80m,
                    directedToLocationId = await _client.IdOfAsync("Locations", "code eq 'CP-HEPING'"),
                },
            },
        };
        var donation = (await OkAsync(await _client.PostAsJsonAsync("/odata/Donations", body))).GetProperty("id").GetInt32();
        var lines = (await _client.GetJsonAsync($"/odata/Donations({donation})/lines?$orderby=lineNumber")).Values().Select(l => l.GetProperty("id").GetInt32()).ToArray();
        return (donation, lines);
    }
}
