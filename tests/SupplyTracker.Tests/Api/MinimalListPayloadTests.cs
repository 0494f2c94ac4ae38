using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SupplyTracker.Api;

namespace SupplyTracker.Tests.Api;

/// <summary>
/// The direct writer of plain list pages (<see cref="MinimalListPayload"/>) answers what OData's own serializer answers
/// for the same request: asked with an Accept parameter, the same URL goes through OData's serializer, and the two
/// bodies are the same JSON (properties, order of rows, context, count and next link) with the same content type.
/// </summary>
[Trait("Database", "true")]
public sealed class MinimalListPayloadTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.AdminClient;

    public static TheoryData<string> Lists() =>
    [
        "/odata/StockMovements?$top=100",
        "/odata/StockMovements",
        "/odata/StockMovements?$filter=quantity gt 0&$orderby=recordedAt desc,id&$skip=3&$top=20&$count=true",
        "/odata/StockBalances?$filter=quantityOnHand gt 0",
        "/odata/StockAdjustments",
        "/odata/Transfers",
        "/odata/Lots",
        "/odata/Alerts",
        "/odata/Recalls",
        "/odata/Items",
        "/odata/Donations?$top=3",
    ];

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_plain_list_page_is_the_json_odatas_serializer_writes(string url)
    {
        var (direct, directType) = await GetAsync(url, accept: null);
        var (odata, odataType) = await GetAsync(url, accept: "application/json;odata.metadata=minimal");

        Assert.True(JsonNode.DeepEquals(odata, direct), $"{url}\nOData:  {odata.ToJsonString()[..Math.Min(600, odata.ToJsonString().Length)]}\ndirect: {direct.ToJsonString()[..Math.Min(600, direct.ToJsonString().Length)]}");
        Assert.Equal(odataType, directType);
    }

    [Fact]
    public async Task The_ledgers_first_page_takes_the_direct_writer()
    {
        var before = MinimalListPayload.Written;

        var (page, _) = await GetAsync("/odata/StockMovements?$top=100", accept: null);

        Assert.True(MinimalListPayload.Written > before);
        Assert.NotEmpty(page["value"]!.AsArray());
    }

    private async Task<(JsonNode Body, string? ContentType)> GetAsync(string url, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {body}");
        return (JsonNode.Parse(body)!, response.Content.Headers.ContentType?.ToString());
    }
}
