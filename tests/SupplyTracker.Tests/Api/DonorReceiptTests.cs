using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupplyTracker.Tests.Documents;
using SupplyTracker.Tests.Infrastructure;

namespace SupplyTracker.Tests.Api;

[Trait("Database", "true")]
public class DonorReceiptTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.AdminClient;

    [Fact]
    public async Task Issued_receipt_pdf_names_the_donor_items_lot_quantities_and_number()
    {
        var donation = await InspectedDonationAsync("AL-RCPT-1");

        var receipt = await Ok(await _client.PostAsJsonAsync($"/odata/Donations({donation})/IssueReceipt", new { }));
        var number = receipt.GetProperty("number").GetString()!;
        Assert.Matches(@"^ST-\d{4}-\d{6}$", number);
        Assert.Equal("zh-Hant", receipt.GetProperty("language").GetString());

        using var pdf = await _client.GetAsync($"/odata/DonorReceipts('{number}')/$value");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"receipt-{number}.pdf", pdf.Content.Headers.ContentDisposition?.FileName);
        var text = DonorReceiptDocumentTests.Text(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains(number, text);
        Assert.Contains("高新區商會", text);
        Assert.Contains("一次性丁腈手套", text);
        Assert.Contains("AL-RCPT-1", text);
        Assert.Contains("400", text);
        Assert.Contains("包裝破損", text);

        var english = DonorReceiptDocumentTests.Text(await _client.GetByteArrayAsync($"/odata/DonorReceipts('{number}')/$value?lang=en"));
        Assert.Contains("Acknowledgement of Donated Supplies", english);
    }

    [Fact]
    public async Task A_donation_gets_one_receipt_in_force()
    {
        var donation = await InspectedDonationAsync("AL-RCPT-2");
        await Ok(await _client.PostAsJsonAsync($"/odata/Donations({donation})/IssueReceipt", new { language = "en" }));

        using var again = await _client.PostAsJsonAsync($"/odata/Donations({donation})/IssueReceipt", new { });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Verification_says_valid_for_the_printed_code_and_not_genuine_for_anything_else()
    {
        var number = await IssuedReceiptAsync("AL-RCPT-3");
        var code = (await _client.GetJsonAsync($"/odata/DonorReceipts('{number}')")).GetProperty("verificationCode").GetString()!;
        using var anonymous = factory.CreateClient();

        var valid = await anonymous.GetStringAsync($"/verify/{number}?c={code}");
        using var tamperedResponse = await anonymous.GetAsync($"/verify/{number}?c={(code[0] == 'A' ? 'B' : 'A')}{code[1..]}&lang=en");
        using var unknownResponse = await anonymous.GetAsync($"/verify/ST-1999-000001?c={code}&lang=en");
        Assert.Equal(HttpStatusCode.NotFound, tamperedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownResponse.StatusCode);
        var tampered = await tamperedResponse.Content.ReadAsStringAsync();
        var unknown = await unknownResponse.Content.ReadAsStringAsync();

        Assert.Contains("真實有效", valid);
        Assert.Contains("高新區商會", valid);
        Assert.Contains("一次性丁腈手套", valid);
        Assert.Contains("Not genuine", tampered);
        Assert.DoesNotContain("高新區商會", tampered);
        Assert.Equal(tampered.Replace(number, "", StringComparison.Ordinal), unknown.Replace("ST-1999-000001", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Void_and_reissue_are_recorded_marked_on_the_pdf_and_on_the_verification_page()
    {
        var number = await IssuedReceiptAsync("AL-RCPT-4");
        var code = (await _client.GetJsonAsync($"/odata/DonorReceipts('{number}')")).GetProperty("verificationCode").GetString()!;

        var voided = await Ok(await _client.PostAsJsonAsync($"/odata/DonorReceipts('{number}')/Void", new { reason = "捐贈方名稱有誤" }));
        Assert.Equal("Void", voided.GetProperty("status").GetString());
        Assert.Contains("VOID", DonorReceiptDocumentTests.Text(await _client.GetByteArrayAsync($"/odata/DonorReceipts('{number}')/$value")));
        using var anonymous = factory.CreateClient();
        Assert.Contains("已作廢", await anonymous.GetStringAsync($"/verify/{number}?c={code}"));

        var reissue = await Ok(await _client.PostAsJsonAsync($"/odata/DonorReceipts('{number}')/Reissue", new { }));
        var newNumber = reissue.GetProperty("number").GetString()!;
        Assert.NotEqual(number, newNumber);
        Assert.Equal(number, reissue.GetProperty("replacesNumber").GetString());
        Assert.Equal(newNumber, (await _client.GetJsonAsync($"/odata/DonorReceipts('{number}')")).GetProperty("replacedByNumber").GetString());
        var reissuedText = DonorReceiptDocumentTests.Text(await _client.GetByteArrayAsync($"/odata/DonorReceipts('{newNumber}')/$value"));
        Assert.Contains("REISSUED", reissuedText);
        Assert.Contains(number, reissuedText);
        Assert.Contains(newNumber, await anonymous.GetStringAsync($"/verify/{number}?c={code}"));
        var newCode = reissue.GetProperty("verificationCode").GetString()!;
        Assert.Contains("真實有效", await anonymous.GetStringAsync($"/verify/{newNumber}?c={newCode}"));

        using var twice = await _client.PostAsJsonAsync($"/odata/DonorReceipts('{number}')/Reissue", new { });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task Receipt_numbers_have_no_gaps_under_concurrent_issuing()
    {
        var donations = new List<int>();
        for (var i = 0; i < 24; i++)
            donations.Add(await InspectedDonationAsync($"AL-CONC-{i:D2}"));

        var responses = await Task.WhenAll(donations.Select(d => _client.PostAsJsonAsync($"/odata/Donations({d})/IssueReceipt", new { })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var issued = (await _client.GetJsonAsync("/odata/DonorReceipts?$select=year,sequence&$top=1000")).Values()
            .GroupBy(r => r.GetProperty("year").GetInt32());
        foreach (var year in issued)
        {
            var sequences = year.Select(r => r.GetProperty("sequence").GetInt32()).Order().ToList();
            Assert.Equal(Enumerable.Range(1, sequences.Count), sequences);
        }
    }

    [Fact]
    public async Task A_station_cannot_issue_or_void_receipts()
    {
        var number = await IssuedReceiptAsync("AL-RCPT-5");
        using var station = await factory.CreateClientAsAsync(SupplyTracker.Domain.Roles.Station, "CP-HEPING");

        using var voiding = await station.PostAsJsonAsync($"/odata/DonorReceipts('{number}')/Void", new { reason = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, voiding.StatusCode);
    }

    private async Task<string> IssuedReceiptAsync(string lot)
    {
        var donation = await InspectedDonationAsync(lot);
        return (await Ok(await _client.PostAsJsonAsync($"/odata/Donations({donation})/IssueReceipt", new { }))).GetProperty("number").GetString()!;
    }

    /// <summary>A donation from 高新區商會 with 400 gloves accepted and 30 bottles of alcohol (lot <paramref name="lot"/>) rejected.</summary>
    private Task<int> InspectedDonationAsync(string lot) => ReceiptDonations.InspectedAsync(_client, lot);

    private async Task<int> IdOf(string set, string filter) =>
        (await _client.GetJsonAsync($"/odata/{set}?$filter={Uri.EscapeDataString(filter)}&$select=id")).Values().Single().GetProperty("id").GetInt32();

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
