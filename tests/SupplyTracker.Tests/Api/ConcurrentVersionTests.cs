using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Api;

/// <summary>The door only parses If-Match; the command compares it inside its write transaction, so two writers with one ETag cannot both win.</summary>
public sealed class ConcurrentVersionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.AdminClient;
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task Two_inspections_of_one_donation_with_the_same_If_Match_let_exactly_one_through_and_the_other_answers_412()
    {
        var warehouse = await IdOf("Locations", "code eq 'WH-GX'");
        var masks = await IdOf("Items", "code eq 'MSK-SURG'");
        var donor = await IdOf("Donors", "name eq '高新區商會'");
        var lot = "CC-" + Guid.NewGuid().ToString("N")[..10];
        var donation = await Ok(await _client.PostAsJsonAsync("/odata/Donations", new
        {
            donorId = donor, receivingLocationId = warehouse, receivedOn = Yesterday,
            lines = new[]
            {
                new { itemId = masks, quantity = 40, lotNumber = lot, expiresOn = new DateOnly(2031, 1, 31) },
                new { itemId = masks, quantity = 60, lotNumber = lot, expiresOn = new DateOnly(2031, 1, 31) },
            },
        }));
        var id = donation.GetProperty("id").GetInt32();
        using var read = await _client.GetAsync($"/odata/Donations({id})");
        var etag = read.Headers.ETag!.ToString();
        var lineIds = (await _client.GetJsonAsync($"/odata/Donations({id})/lines")).Values().Select(l => l.GetProperty("id").GetInt32()).ToArray();

        // The same decisions twice: if both got through, the stock would be counted twice.
        var decisions = new { decisions = lineIds.Select(lineId => new { lineId, outcome = "Accept", reason = (string?)null }).ToArray() };
        var answers = await Task.WhenAll(Send($"/odata/Donations({id})/Inspect", decisions, etag), Send($"/odata/Donations({id})/Inspect", decisions, etag));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Select(a => a.StatusCode).Order());
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var lines = await db.DonationLines.AsNoTracking().Where(l => l.DonationId == id).ToListAsync();
        Assert.All(lines, l => Assert.Equal(LineDisposition.Accepted, l.Disposition));
        var movements = await db.StockMovements.AsNoTracking()
            .Where(m => m.ReferenceType == MovementReference.Donation && m.ReferenceId == id).ToListAsync();
        Assert.Equal(2, movements.Count);
        Assert.Equal(100, movements.Sum(m => m.Quantity));
        var onHand = await db.StockBalances.AsNoTracking().Where(b => b.LocationId == warehouse && b.Lot.LotNumber == lot).SumAsync(b => b.QuantityOnHand);
        Assert.Equal(100, onHand);
        var version = await db.Donations.AsNoTracking().Where(d => d.Id == id).Select(d => d.Version).SingleAsync();
        Assert.Equal(donation.GetProperty("version").GetInt32() + 1, version);
    }

    [Fact]
    public async Task Two_approvals_of_one_request_with_the_same_If_Match_let_exactly_one_through_and_the_other_answers_412()
    {
        var heping = await IdOf("Locations", "code eq 'CP-HEPING'");
        var masks = await IdOf("Items", "code eq 'MSK-SURG'");
        var created = await Ok(await _client.PostAsJsonAsync("/odata/AllocationRequests", new
        {
            requestingLocationId = heping, priority = "Normal", justification = "併發", neededBy = Yesterday.AddDays(10),
            lines = new[] { new { itemId = masks, quantityRequested = 500 } },
        }));
        var id = created.GetProperty("id").GetInt32();
        await Ok(await Send($"/odata/AllocationRequests({id})/Submit", null, null));
        using var read = await _client.GetAsync($"/odata/AllocationRequests({id})");
        var etag = read.Headers.ETag!.ToString();
        var submitted = await read.Content.ReadFromJsonAsync<JsonElement>();
        var lineId = (await _client.GetJsonAsync($"/odata/AllocationRequests({id})/lines")).Values().Single().GetProperty("id").GetInt32();

        var answers = await Task.WhenAll(
            Send($"/odata/AllocationRequests({id})/Approve", new { lines = new[] { new { lineId, quantityApproved = 500 } } }, etag),
            Send($"/odata/AllocationRequests({id})/Approve", new { lines = new[] { new { lineId, quantityApproved = 300 } } }, etag));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Select(a => a.StatusCode).Order());
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var request = await db.AllocationRequests.AsNoTracking().Include(r => r.Lines).SingleAsync(r => r.Id == id);
        // One approval, whole: its quantity and the status that follows from it, one version later.
        var approved = request.Lines.Single().QuantityApproved;
        Assert.Contains(approved, new long[] { 500, 300 });
        Assert.Equal(approved == 500 ? RequestStatus.Approved : RequestStatus.PartiallyApproved, request.Status);
        Assert.Equal(submitted.GetProperty("version").GetInt32() + 1, request.Version);
    }

    private async Task<HttpResponseMessage> Send(string url, object? body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await _client.SendAsync(request);
    }

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
