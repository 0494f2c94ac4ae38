using System.Net;
using Microsoft.AspNetCore.Hosting;

using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Api;

public sealed class SmallPageApiFactory() : ApiFactory(new TestAppOptions { Settings = new Dictionary<string, string?> { ["Api:PageSize"] = "7" } });

[Trait("Database", "true")]
public sealed class PagingTests(SmallPageApiFactory factory) : IClassFixture<SmallPageApiFactory>
{
    private readonly HttpClient _client = factory.AdminClient;

    [Fact]
    public async Task Following_nextLink_to_the_end_returns_every_row_once()
    {
        var total = int.Parse(await _client.GetStringAsync("/odata/StockMovements/$count"));
        Assert.True(total > 14, "the seed should give several pages");

        var seen = new List<long>();
        string? next = "/odata/StockMovements?$select=id";
        var pages = 0;
        while (next is not null)
        {
            var page = await _client.GetJsonAsync(next);
            var rows = page.Values();
            Assert.True(rows.Length <= 7);
            seen.AddRange(rows.Select(r => r.GetProperty("id").GetInt64()));
            next = page.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
            pages++;
            Assert.True(pages <= total, "nextLink never ended");
        }
        Assert.Equal(total, seen.Count);
        Assert.Equal(total, seen.Distinct().Count());
    }

    [Fact]
    public async Task Top_beyond_the_maximum_is_refused_with_a_problem()
    {
        using var response = await _client.GetAsync("/odata/StockMovements?$top=1001");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadODataErrorAsync();
        Assert.Contains("1000", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Top_at_the_maximum_is_allowed()
    {
        using var response = await _client.GetAsync("/odata/StockMovements?$top=1000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
