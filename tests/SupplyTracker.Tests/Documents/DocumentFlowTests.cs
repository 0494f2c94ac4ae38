using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Api;
using SupplyTracker.Tests.Infrastructure;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace SupplyTracker.Tests.Documents;

/// <summary>Receipts and waybills through the running app: stored reprints, the public verification page, the waybill's QR code.</summary>
[Trait("Database", "true")]
public class DocumentFlowTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.AdminClient;

    [Fact]
    public async Task A_reprint_of_a_receipt_in_force_is_byte_for_byte_the_pdf_that_was_issued()
    {
        var number = await IssuedReceiptAsync("DF-REPRINT-1");

        var first = await _client.GetByteArrayAsync($"/odata/DonorReceipts('{number}')/$value");
        var second = await _client.GetByteArrayAsync($"/odata/DonorReceipts('{number}')/$value");

        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>().IssuedReceiptPdfs
            .Where(p => p.Number == number).Select(p => p.Pdf).SingleAsync();
        Assert.Equal(stored, first);
        Assert.Equal(first, second);
        Assert.Contains("<pdfaid:part>2</pdfaid:part>", PdfArchiveTests.Xmp(first));
    }

    [Fact]
    public async Task A_voided_receipt_is_rendered_afresh_with_its_reason_and_date()
    {
        var number = await IssuedReceiptAsync("DF-VOID-1");
        await Ok(await _client.PostAsJsonAsync($"/odata/DonorReceipts('{number}')/Void", new { reason = "捐贈方名稱有誤" }));

        var text = DonorReceiptDocumentTests.Text(await _client.GetByteArrayAsync($"/odata/DonorReceipts('{number}')/$value"));

        Assert.Contains("作廢原因", text);
        Assert.Contains("捐贈方名稱有誤", text);
        Assert.Contains("VOID", text);
    }

    [Fact]
    public async Task The_verification_page_accepts_the_code_in_any_case_with_confusables_and_the_number_in_any_case()
    {
        var (number, code) = await IssuedWithCodeAsync("DF-VERIFY-1");
        // What a person types from paper: lower case, grouped, O for 0 and l/I for 1.
        var typed = string.Join("-", code.Chunk(4).Select(c => new string(c))).Replace('0', 'O').Replace('1', 'l').ToLowerInvariant();
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.GetAsync($"/verify/{number.ToLowerInvariant()}?c={Uri.EscapeDataString(typed)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("真實有效", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_verification_page_shows_the_issuing_unit_the_declared_total_and_the_goods_not_accepted()
    {
        var (number, code) = await IssuedWithCodeAsync("DF-VERIFY-2");
        using var anonymous = factory.CreateClient();

        var page = await anonymous.GetStringAsync($"/verify/{number}?c={code}");

        Assert.Contains("蘭州市公安局高新分局", page);
        Assert.Contains("CNY 1,234.50", page);
        Assert.Contains("未接收物資", page);
        Assert.Contains("包裝破損", page);
    }

    [Fact]
    public async Task The_verification_page_follows_the_visitors_language_by_query_cookie_and_accept_language()
    {
        var (number, code) = await IssuedWithCodeAsync("DF-VERIFY-3");
        using var anonymous = factory.CreateClient();

        var byQuery = await anonymous.GetStringAsync($"/verify/{number}?c={code}&lang=en");
        using var cookie = new HttpRequestMessage(HttpMethod.Get, $"/verify/{number}?c={code}");
        cookie.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Dzh-Hans%7Cuic%3Dzh-Hans");
        var byCookie = await (await anonymous.SendAsync(cookie)).Content.ReadAsStringAsync();
        using var accept = new HttpRequestMessage(HttpMethod.Get, $"/verify/{number}?c={code}");
        accept.Headers.Add("Accept-Language", "en-GB,en;q=0.8");
        var byHeader = await (await anonymous.SendAsync(accept)).Content.ReadAsStringAsync();
        var byDefault = await anonymous.GetStringAsync($"/verify/{number}?c={code}");

        Assert.Contains("<html lang=\"en\">", byQuery);
        Assert.Contains("Goods not accepted", byQuery);
        Assert.Contains("Lanzhou Public Security Bureau", byQuery);
        Assert.Contains("<html lang=\"zh-Hans\">", byCookie);
        Assert.Contains("兰州市公安局高新分局", byCookie);
        Assert.Contains("真实有效", byCookie);
        Assert.Contains("Goods not accepted", byHeader);
        Assert.Contains("<html lang=\"zh-Hant\">", byDefault);
        Assert.Contains("真實有效", byDefault);
    }

    [Fact]
    public async Task A_receipt_that_is_not_genuine_answers_404_and_still_shows_the_page()
    {
        var (number, _) = await IssuedWithCodeAsync("DF-VERIFY-4");
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.GetAsync($"/verify/{number}?c=0000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("無法核實", page);
        Assert.DoesNotContain("高新區商會", page);
    }

    [Fact]
    public async Task The_waybills_QR_code_opens_the_stations_delivery_confirmation_after_sign_in()
    {
        var (shipment, requestId) = await DispatchedShipmentAsync();
        var pdf = await _client.GetByteArrayAsync($"/odata/Shipments({shipment})/Waybill");

        var url = DecodeQr(pdf);
        Assert.EndsWith($"/Shipments/{shipment}/Confirm", url);
        var path = new Uri(url).PathAndQuery;

        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var unsigned = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, unsigned.StatusCode);
        Assert.Contains("/Account/Login", unsigned.Headers.Location?.OriginalString);

        var station = await SignedInAsync(Roles.Station, "CP-HEPING");
        using var confirm = await station.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        var target = confirm.Headers.Location!.OriginalString;
        Assert.Equal($"/Requests/Details/{requestId}#confirm-delivery", target);
        using var page = await station.GetAsync(target.Split('#')[0]);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"confirm-delivery\"", await page.Content.ReadAsStringAsync());

        var other = await SignedInAsync(Roles.Station, "PS-LIANDA");
        using var notTheirs = await other.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
    }

    [Fact]
    public async Task The_waybill_prints_the_dispatchers_display_name_and_the_deployment_local_time()
    {
        var (shipment, _) = await DispatchedShipmentAsync("李慧敏");

        var text = DonorReceiptDocumentTests.Text(await _client.GetByteArrayAsync($"/odata/Shipments({shipment})/Waybill"));
        var english = DonorReceiptDocumentTests.Text(await _client.GetByteArrayAsync($"/odata/Shipments({shipment})/Waybill?lang=en"));

        Assert.Contains("李慧敏", text);
        Assert.Contains("(UTC+08:00)", text);
        Assert.Contains("Dispatched by", english);
        Assert.Contains("Heping", english);
    }

    /// <summary>Renders the waybill's first page in grey with pdftoppm and reads the QR code with ZXing.</summary>
    private static string DecodeQr(byte[] pdf)
    {
        var dir = Directory.CreateTempSubdirectory("waybill-qr-");
        try
        {
            var input = Path.Combine(dir.FullName, "waybill.pdf");
            File.WriteAllBytes(input, pdf);
            var (output, code) = PdfArchiveTests.Run("pdftoppm", "-r", "150", "-gray", "-f", "1", "-l", "1", "-singlefile", input, Path.Combine(dir.FullName, "page"));
            Assert.True(code == 0, output);
            var (gray, width, height) = ReadPgm(File.ReadAllBytes(Path.Combine(dir.FullName, "page.pgm")));
            var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(gray, width, height, RGBLuminanceSource.BitmapFormat.Gray8)));
            var result = new QRCodeReader().decode(bitmap, new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true });
            Assert.NotNull(result);
            return result.Text;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static (byte[] Pixels, int Width, int Height) ReadPgm(byte[] file)
    {
        // "P5" whitespace width whitespace height whitespace maxval single-whitespace pixels.
        var fields = new List<string>();
        var at = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)file[at])) at++;
            var start = at;
            while (!char.IsWhiteSpace((char)file[at])) at++;
            fields.Add(Encoding.ASCII.GetString(file, start, at - start));
        }
        at++;
        var width = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
        return (file[at..(at + width * height)], width, height);
    }

    private async Task<HttpClient> SignedInAsync(string role, string? location = null)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var user = await factory.CreateUserAsync(role, location);
        var login = await AuthTests.PostLoginAsync(client, user.UserName, ApiClients.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    private async Task<(int Shipment, int Request)> DispatchedShipmentAsync(string? dispatcherName = null)
    {
        var station = await factory.CreateClientAsAsync(Roles.Station, "CP-HEPING");
        var user = await factory.CreateUserAsync(Roles.Logistics);
        if (dispatcherName is not null)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var account = (await users.FindByNameAsync(user.UserName))!;
            account.DisplayName = dispatcherName;
            Assert.True((await users.UpdateAsync(account)).Succeeded);
        }
        var logistics = factory.CreateClientWithToken(await factory.IssueTokenAsync(user.UserName));
        var heping = (await logistics.GetJsonAsync("/odata/Locations?$filter=code eq 'CP-HEPING'&$select=id")).Values()[0].GetProperty("id").GetInt32();
        var goggles = (await logistics.GetJsonAsync("/odata/Items?$filter=code eq 'GOG'&$select=id")).Values()[0].GetProperty("id").GetInt32();
        var id = (await Ok(await station.PostAsJsonAsync("/odata/AllocationRequests", new
        {
            requestingLocationId = heping, priority = "Urgent", justification = "卡口護目鏡不足", neededBy = "2026-12-31",
            lines = new[] { new { itemId = goggles, quantityRequested = 2 } },
        }))).GetProperty("id").GetInt32();
        var line = (await station.GetJsonAsync($"/odata/AllocationRequests({id})/lines")).Values()[0].GetProperty("id").GetInt32();
        await Ok(await station.PostAsJsonAsync($"/odata/AllocationRequests({id})/Submit", new { }));
        await Ok(await logistics.PostAsJsonAsync($"/odata/AllocationRequests({id})/Approve", new { lines = new[] { new { lineId = line, quantityApproved = 2 } } }));
        await Ok(await logistics.PostAsJsonAsync($"/odata/AllocationRequests({id})/Allocate", new { }));
        var shipment = (await Ok(await logistics.PostAsJsonAsync($"/odata/AllocationRequests({id})/Dispatch", new { }))).GetProperty("id").GetInt32();
        return (shipment, id);
    }

    private async Task<(string Number, string Code)> IssuedWithCodeAsync(string lot)
    {
        var number = await IssuedReceiptAsync(lot);
        var code = (await _client.GetJsonAsync($"/odata/DonorReceipts('{number}')")).GetProperty("verificationCode").GetString()!;
        return (number, code);
    }

    private async Task<string> IssuedReceiptAsync(string lot)
    {
        var donation = await InspectedDonationAsync(lot);
        return (await Ok(await _client.PostAsJsonAsync($"/odata/Donations({donation})/IssueReceipt", new { }))).GetProperty("number").GetString()!;
    }

    /// <summary>A donation from 高新區商會: 400 gloves declared at 1,234.50 accepted, 30 bottles of alcohol rejected (包裝破損).</summary>
    private Task<int> InspectedDonationAsync(string lot) => SupplyTracker.Tests.Api.ReceiptDonations.InspectedAsync(_client, lot, declaredValue: 1234.5m);

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
