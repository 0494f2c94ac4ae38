using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Features.Donations;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Infrastructure;

namespace SupplyTracker.Tests.Api;

/// <summary>POST /imports/donations: a packing list or intake sheet as CSV, recorded whole or not at all.</summary>
[Trait("Database", "true")]
public sealed class DonationImportTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Header = "donor,receivedOn,reference,itemCode,quantity,lotNumber,expiresOn,declaredValue\n";

    private static StringContent Csv(string text, string mediaType = "text/csv") => new(text, Encoding.UTF8, mediaType);

    private static string Tag() => Guid.NewGuid().ToString("N")[..8];

    private async Task<int> CountAsync(string filter) =>
        (await factory.AdminClient.GetJsonAsync($"/odata/Donations/$count?$filter={Uri.EscapeDataString(filter)}")).GetInt32();

    [Fact]
    public async Task An_intake_sheet_becomes_one_donation_per_donor_date_and_reference_with_every_line_as_written()
    {
        var tag = Tag();
        var logistics = await factory.CreateClientAsAsync(Roles.Logistics);
        var csv = Header +
            $"1,2026-11-01,{tag}-A,MSK-SURG,500,,,1200.50\n" +
            $"陳志明,2026-11-02,{tag}-B,DIS-84,48,L-{tag},2028-12-31,\n" +
            $"1,2026-11-01,{tag}-A,DIS-84,24,L-{tag},2029-01-31,99\n" +
            $"4,2026-11-02,{tag}-B,MSK-SURG,7,,,\n";

        using var response = await logistics.PostAsync("/imports/donations?receivingLocationId=1&note=intake%20sheet", Csv(csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(4, body.GetProperty("lineCount").GetInt32());
        var donations = body.GetProperty("donations").EnumerateArray().ToList();
        Assert.Equal([$"{tag}-A", $"{tag}-B"], donations.Select(d => d.GetProperty("reference").GetString()));
        Assert.Equal([2, 2], donations.Select(d => d.GetProperty("lines").GetInt32()));

        var a = (await logistics.GetJsonAsync($"/odata/Donations?$filter=reference eq '{tag}-A'&$expand=lines($orderby=lineNumber)")).Values().Single();
        Assert.Equal(1, a.GetProperty("donorId").GetInt32());
        Assert.Equal("2026-11-01", a.GetProperty("receivedOn").GetString());
        Assert.Equal("intake sheet", a.GetProperty("note").GetString());
        var lines = a.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal([1, 2], lines.Select(l => l.GetProperty("lineNumber").GetInt32()));
        Assert.Equal([500m, 24m], lines.Select(l => l.GetProperty("quantity").GetDecimal()));
        Assert.Equal([1200.50m, 99m], lines.Select(l => l.GetProperty("declaredValue").GetDecimal()));
        Assert.Equal($"L-{tag}", lines[1].GetProperty("lotNumber").GetString());
        Assert.Equal("2029-01-31", lines[1].GetProperty("expiresOn").GetString());
        Assert.All(lines, l => Assert.Equal("Pending", l.GetProperty("disposition").GetString()));

        // The same-named row and the id row of donation B were two different donors: B is 陳志明's (id 4) alone.
        var b = (await logistics.GetJsonAsync($"/odata/Donations?$filter=reference eq '{tag}-B'")).Values().Single();
        Assert.Equal(4, b.GetProperty("donorId").GetInt32());

        // Lines written in bulk are ordinary lines: inspecting them puts the goods in stock.
        var before = await OnHandAsync(logistics, $"L-{tag}");
        var decisions = lines.Select(l => new { lineId = l.GetProperty("id").GetInt32(), outcome = "Accept" });
        using var inspected = await logistics.PostAsJsonAsync($"/odata/Donations({a.GetProperty("id").GetInt32()})/Inspect", new { decisions });
        Assert.True(inspected.IsSuccessStatusCode, await inspected.Content.ReadAsStringAsync());
        Assert.Equal(before + 24, await OnHandAsync(logistics, $"L-{tag}"));
    }

    private static async Task<long> OnHandAsync(HttpClient client, string lot) =>
        (await client.GetJsonAsync($"/odata/StockBalances?$filter=lotNumber eq '{lot}' and locationId eq 1")).Values()
        .Sum(b => b.GetProperty("quantityOnHand").GetInt64());

    [Fact]
    public async Task Any_row_with_an_error_answers_400_naming_the_row_and_column_and_records_nothing()
    {
        var tag = Tag();
        var csv = Header +
            $"1,2026-11-01,{tag},MSK-SURG,500,,,\n" +
            $"1,2026-11-01,{tag},MSK-SURG,0,,,\n" +
            $"no such donor,2026-11-01,{tag},NO-SUCH,5,,,\n" +
            $"1,2099-01-01,{tag}-X,DIS-84,5,,,\n";

        using var response = await factory.AdminClient.PostAsync("/imports/donations?receivingLocationId=1", Csv(csv));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(4, problem.GetProperty("rows").GetInt32());
        Assert.Equal(3, problem.GetProperty("invalidRows").GetInt32());
        var errors = problem.GetProperty("errors");
        Assert.Equal(["rows[3].quantity", "rows[4].donor", "rows[4].itemCode", "rows[5].expiresOn", "rows[5].lotNumber", "rows[5].receivedOn"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0, await CountAsync($"startswith(reference, '{tag}')"));
    }

    [Fact]
    public async Task A_list_imported_before_is_refused_by_its_references()
    {
        var tag = Tag();
        var csv = Header + $"2,2026-11-01,{tag},MSK-SURG,10,,,\n";
        using var first = await factory.AdminClient.PostAsync("/imports/donations?receivingLocationId=1", Csv(csv));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var again = await factory.AdminClient.PostAsync("/imports/donations?receivingLocationId=1", Csv(csv));

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var file = (await again.JsonAsync()).GetProperty("errors").GetProperty("file")[0].GetString();
        Assert.Contains($"reference {tag} (row 2) is already recorded", file, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync($"reference eq '{tag}'"));
    }

    [Fact]
    public async Task The_values_chosen_for_the_file_fill_its_missing_columns()
    {
        var tag = Tag();
        var csv = "itemCode,quantity\nMSK-SURG,3\nMSK-SURG,4\n";

        using var response = await factory.AdminClient.PostAsync($"/imports/donations?receivingLocationId=1&donorId=3&receivedOn=2026-10-30&reference={tag}", Csv(csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var donation = (await factory.AdminClient.GetJsonAsync($"/odata/Donations?$filter=reference eq '{tag}'&$expand=lines")).Values().Single();
        Assert.Equal(3, donation.GetProperty("donorId").GetInt32());
        Assert.Equal("2026-10-30", donation.GetProperty("receivedOn").GetString());
        Assert.Equal(2, donation.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task A_donation_of_more_than_500_lines_is_refused_with_the_advice_to_split_it()
    {
        var tag = Tag();
        var csv = new StringBuilder("itemCode,quantity\n");
        for (var i = 0; i < 501; i++) csv.Append("MSK-SURG,1\n");

        using var response = await factory.AdminClient.PostAsync($"/imports/donations?receivingLocationId=1&donorId=1&reference={tag}", Csv(csv.ToString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("has 501 rows; a donation can have at most 500", (await response.JsonAsync()).GetProperty("errors").GetProperty("file")[0].GetString(),
            StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync($"reference eq '{tag}'"));
    }

    [Theory]
    [InlineData("", "receivingLocationId")]
    [InlineData("receivingLocationId=abc", "receivingLocationId")]
    [InlineData("receivingLocationId=1&donorId=-2", "donorId")]
    [InlineData("receivingLocationId=1&donorId=1&receivedOn=2026-13-01", "receivedOn")]
    public async Task Bad_parameters_answer_400_naming_the_parameter(string query, string field)
    {
        using var response = await factory.AdminClient.PostAsync($"/imports/donations?{query}", Csv("itemCode,quantity\nMSK-SURG,1\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task The_body_must_be_csv_and_at_most_16_MB()
    {
        using var json = await factory.AdminClient.PostAsJsonAsync("/imports/donations?receivingLocationId=1", new { itemCode = "MSK-SURG" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);

        using var huge = await factory.AdminClient.PostAsync("/imports/donations?receivingLocationId=1&donorId=1",
            Csv("itemCode,quantity\n" + new string('x', 17 * 1024 * 1024)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("application/problem+json", huge.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Only_the_warehouse_imports()
    {
        var csv = "itemCode,quantity\nMSK-SURG,1\n";
        var station = await factory.CreateClientAsAsync(Roles.Station, "CP-HEPING");
        using var forbidden = await station.PostAsync("/imports/donations?receivingLocationId=1&donorId=1", Csv(csv));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        var auditor = await factory.CreateClientAsAsync(Roles.Auditor);
        using var auditorForbidden = await auditor.PostAsync("/imports/donations?receivingLocationId=1&donorId=1", Csv(csv));
        Assert.Equal(HttpStatusCode.Forbidden, auditorForbidden.StatusCode);

        using var anonymous = await factory.CreateClient().PostAsync("/imports/donations?receivingLocationId=1&donorId=1", Csv(csv));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_retried_import_with_the_same_idempotency_key_is_recorded_once()
    {
        var tag = Tag();
        var csv = "itemCode,quantity\nMSK-SURG,9\n";
        async Task<(HttpStatusCode, string)> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/imports/donations?receivingLocationId=1&donorId=5&note={tag}") { Content = Csv(csv) };
            request.Headers.Add("Idempotency-Key", $"import-{tag}");
            using var response = await factory.AdminClient.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var first = await Post();
        var retry = await Post();

        Assert.Equal(HttpStatusCode.OK, first.Item1);
        Assert.Equal(first, retry);
        Assert.Equal(1, await CountAsync($"note eq '{tag}'"));
    }

    [Fact]
    public async Task The_audit_log_names_the_file_and_counts_instead_of_every_line()
    {
        var tag = Tag();
        var csv = $"itemCode,quantity,lotNumber\nMSK-SURG,1,{tag}\nMSK-SURG,2,{tag}\n";
        using var response = await factory.AdminClient.PostAsync($"/imports/donations?receivingLocationId=1&donorId=2&reference={tag}", Csv(csv));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(csv)));
        var payload = (await factory.AdminClient.GetJsonAsync("/audit/log?take=1000")).EnumerateArray()
            .Where(e => e.GetProperty("command").GetString() == "ImportDonations")
            .Select(e => e.GetProperty("payload").GetString()!)
            .Single(p => p.Contains(sha256, StringComparison.Ordinal));
        Assert.Contains("\"donationCount\":1,\"lineCount\":2", payload, StringComparison.Ordinal);
        Assert.DoesNotContain(tag, payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sheet_read_in_two_passes_puts_interleaved_rows_into_their_donations_in_file_order_across_write_batches()
    {
        var tag = Tag();
        // 6,000 lines (more than one batch of written lines), 60 donations whose rows alternate through the whole file.
        var csv = new StringBuilder(Header);
        for (var row = 0; row < 6_000; row++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{1 + row % 60 % 6},2026-11-01,{tag}-{row % 60:00},MSK-SURG,{1 + row},,,\n");

        using var response = await factory.AdminClient.PostAsync("/imports/donations?receivingLocationId=1", Csv(csv.ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(6_000, body.GetProperty("lineCount").GetInt32());
        var donations = body.GetProperty("donations").EnumerateArray().ToList();
        Assert.Equal(60, donations.Count);
        Assert.Equal($"{tag}-00", donations[0].GetProperty("reference").GetString());
        Assert.Equal($"{tag}-59", donations[^1].GetProperty("reference").GetString());
        Assert.All(donations, d => Assert.Equal(100, d.GetProperty("lines").GetInt32()));
        var seventh = donations[7].GetProperty("id").GetInt32();
        var lines = (await factory.AdminClient.GetJsonAsync($"/odata/Donations({seventh})/lines?$orderby=lineNumber&$select=lineNumber,quantity")).Values().ToList();
        Assert.Equal(Enumerable.Range(1, 100), lines.Select(l => l.GetProperty("lineNumber").GetInt32()));
        Assert.Equal(Enumerable.Range(0, 100).Select(k => 8m + 60 * k), lines.Select(l => l.GetProperty("quantity").GetDecimal()));
        Assert.Equal(60, await CountAsync($"startswith(reference, '{tag}-')"));
    }

    [Fact]
    public async Task Every_invalid_row_is_counted_but_only_the_first_100_are_named_and_nothing_is_recorded()
    {
        var tag = Tag();
        var csv = new StringBuilder(Header);
        for (var row = 0; row < 1_000; row++) csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"1,2026-11-01,{tag}-{row / 100},MSK-SURG,5,,,\n");
        for (var row = 0; row < 150; row++) csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"1,2026-11-01,{tag}-x,MSK-SURG,0,,,\n");

        using var response = await factory.AdminClient.PostAsync("/imports/donations?receivingLocationId=1", Csv(csv.ToString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(1_150, problem.GetProperty("rows").GetInt32());
        Assert.Equal(150, problem.GetProperty("invalidRows").GetInt32());
        var named = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Equal(100, named.Count);
        Assert.Equal("rows[1002].quantity", named[0]);
        Assert.Equal("rows[1101].quantity", named[^1]);
        Assert.Equal(0, await CountAsync($"startswith(reference, '{tag}')"));
    }

    [Fact]
    public async Task The_commands_own_checks_read_its_donations_batch_by_batch_and_name_them_in_the_same_order_as_one_list()
    {
        var tag = Tag();
        var masks = await factory.QueryAsync(db => db.Items.Where(i => i.Code == "MSK-SURG").Select(i => i.Id).SingleAsync());
        const int unknown = 999_999;
        RecordDonation.Line Line(int item = 0, decimal quantity = 1) => new(item == 0 ? masks : item, quantity, null, null, null);
        // Ten donations of 500 lines fill the first batch of 5,000; donation 3 names an unknown item on its eighth line.
        var donations = Enumerable.Range(0, 10)
            .Select(d => new ImportDonations.Donation(1, new DateOnly(2026, 11, 1), $"{tag}-{d}",
                [.. Enumerable.Range(0, 500).Select(l => d == 3 && l == 7 ? Line(unknown) : Line())]))
            .Append(new ImportDonations.Donation(unknown, new DateOnly(2026, 11, 1), $"{tag}-10", [Line(unknown)]))
            .Append(new ImportDonations.Donation(1, new DateOnly(2026, 11, 1), $"{tag}-11", [Line(quantity: 0)]))
            .ToList();

        var error = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => factory.SendAsync(new ImportDonations(1, null, "test", donations)));

        // Each donation's own rules first, then the checks against the database donation by donation, as when the
        // validator listed every line at once.
        Assert.Equal(["Donations[11].Lines[0].Quantity", "Donations[3].Lines[7].ItemId", "Donations[10].DonorId", "Donations[10].Lines[0].ItemId"],
            error.Errors.Select(e => e.PropertyName));
        Assert.Equal(0, await CountAsync($"startswith(reference, '{tag}')"));
    }
}
