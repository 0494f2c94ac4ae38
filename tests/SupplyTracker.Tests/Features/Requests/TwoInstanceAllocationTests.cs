using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Audit;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Requests;
using SupplyTracker.Features.Stock;
using SupplyTracker.Tests.Infrastructure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Requests;

/// <summary>
/// Two app instances, each serving real HTTP on its own loopback port, over one database, as behind a load balancer.
/// Hundreds of allocations for one scarce item, then dispatches and cancellations, and duplicate Idempotency-Key
/// requests, split across both.
/// </summary>
[Trait("Database", "true")]
public sealed class TwoInstanceAllocationTests : IAsyncLifetime
{
    private const int Requests = 240;
    private const long Stock = 300;

    private readonly TestApp _first;
    private readonly TestApp _second;

    public TwoInstanceAllocationTests()
    {
        // An empty database, so that starting both at once still has a migration to take turns over.
        _first = new TestApp(new TestAppOptions { Purpose = "instances", EmptyDatabase = true });
        _second = _first.SecondInstance();
    }

    public async Task InitializeAsync()
    {
        _first.UseKestrel(0);
        _second.UseKestrel(0);
        if (TestDatabase.IsPostgres)
        {
            // Both start at once, as replicas do: one migrates and seeds, the other waits and finds it done.
            await Task.WhenAll(Task.Run(_first.StartServer), Task.Run(_second.StartServer));
        }
        else
        {
            // Two SQLite apps migrating one file at the same moment collide; start them one after the other.
            _first.StartServer();
            _second.StartServer();
        }
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Allocations_through_two_instances_never_reserve_more_than_was_available()
    {
        var (item, requestIds) = await ArrangeAsync();
        var logistics = await _first.CreateUserAsync(Roles.Logistics);
        var token = await _first.IssueTokenAsync(logistics.UserName);
        using var first = SocketClient(_first, token);
        using var second = SocketClient(_second, token);
        HttpClient[] clients = [first, second];
        Assert.All(clients, c => Assert.True(c.BaseAddress!.IsLoopback, $"{c.BaseAddress} is not a loopback address."));
        Assert.NotEqual(first.BaseAddress!.Port, second.BaseAddress!.Port);

        var allocations = await Task.WhenAll(requestIds.Select((id, i) => PostAsync(clients[i % 2], id, "Allocate")));

        Assert.All(allocations, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"Allocate answered {(int)a.Status}: {a.Body}"));
        Assert.Contains(allocations.Where((_, i) => i % 2 == 0), a => a.Status == HttpStatusCode.OK);
        Assert.Contains(allocations.Where((_, i) => i % 2 == 1), a => a.Status == HttpStatusCode.OK);
        var reserved = await InDatabaseAsync(db => db.StockBalances.Where(b => b.ItemId == item).SumAsync(b => b.QuantityReserved));
        Assert.True(reserved <= Stock, $"Reserved {reserved} of {Stock}.");
        Assert.True(reserved > 0, "Nothing was reserved.");
        Assert.Equal(reserved, await InDatabaseAsync(db => db.AllocationRequestLines.Where(l => l.ItemId == item).SumAsync(l => l.QuantityAllocated)));
        await InDatabaseAsync(async db => { await LedgerInvariants.AssertConsistentAsync(db); return 0; });

        // Dispatching (which posts ledger movements and numbers shipments) and cancelling at once, through both.
        var allocated = await InDatabaseAsync(db => db.AllocationRequests.Where(r => r.Status == RequestStatus.Allocated).Select(r => r.Id).ToListAsync());
        var outcomes = await Task.WhenAll(allocated.Select((id, i) => i % 3 == 2
            ? PostAsync(clients[i % 2], id, "Cancel", new { reason = "two-instance test" })
            : PostAsync(clients[i % 2], id, "Dispatch")));

        Assert.All(outcomes, o => Assert.True(o.Status == HttpStatusCode.OK, $"Dispatch or cancel answered {(int)o.Status}: {o.Body}"));
        await InDatabaseAsync(async db =>
        {
            Assert.Equal(0, await db.StockBalances.Where(b => b.ItemId == item).SumAsync(b => b.QuantityReserved));
            await LedgerInvariants.AssertConsistentAsync(db);
            var sequences = await db.StockMovements.OrderBy(m => m.Sequence).Select(m => m.Sequence).ToListAsync();
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
            var numbers = await db.Shipments.OrderBy(s => s.Number).Select(s => s.Number).ToListAsync();
            Assert.Equal(allocated.Count - allocated.Count / 3, numbers.Count);
            Assert.Equal(Enumerable.Range(1, numbers.Count), numbers.Select(n => int.Parse(n[^6..], CultureInfo.InvariantCulture)));
            Assert.Equal(6, await db.Donations.CountAsync());
            return 0;
        });
        var auditorName = (await _second.CreateUserAsync(Roles.Auditor)).UserName;
        using var auditor = SocketClient(_second, await _second.IssueTokenAsync(auditorName));
        var verification = await auditor.GetFromJsonAsync<LedgerVerification>("/audit/verify-ledger");
        Assert.True(verification!.Ok, verification.Summary);
    }

    [Fact]
    public async Task The_same_Idempotency_Key_sent_to_both_instances_at_once_records_one_donation()
    {
        var logistics = await _first.CreateUserAsync(Roles.Logistics);
        var token = await _first.IssueTokenAsync(logistics.UserName);
        using var first = SocketClient(_first, token);
        using var second = SocketClient(_second, token);
        var (donor, warehouse, item) = await InDatabaseAsync(async db => (
            await db.Donors.OrderBy(d => d.Id).Select(d => d.Id).FirstAsync(),
            await db.Locations.Where(l => l.Code == "WH-GX").Select(l => l.Id).SingleAsync(),
            await db.Items.Where(i => i.Code == "MSK-SURG").Select(i => i.Id).SingleAsync()));
        const int Keys = 20;

        var answers = await Task.WhenAll(Enumerable.Range(0, Keys).SelectMany(k => new[] { first, second }.Select(async client =>
        {
            var json = $$"""{"donorId":{{donor}},"receivingLocationId":{{warehouse}},"receivedOn":"2020-02-01","note":"twin-{{k}}","lines":[{"itemId":{{item}},"quantity":10}]}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/odata/Donations") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", $"twin-{k}");
            using var response = await client.SendAsync(request);
            return (Key: k, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"Answered {(int)a.StatusCode}: {a.Body}"));
        Assert.All(answers.GroupBy(a => a.Key), pair => Assert.Contains(pair, a => a.StatusCode == HttpStatusCode.Created));
        var notes = await InDatabaseAsync(db => db.Donations.Where(d => d.Note!.StartsWith("twin-")).Select(d => d.Note!).ToListAsync());
        Assert.Equal(Enumerable.Range(0, Keys).Select(k => $"twin-{k}").Order(StringComparer.Ordinal), notes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Receipts_issued_through_two_instances_at_once_never_share_a_number()
    {
        const int Donations = 30;
        var ids = new List<int>();
        await using (var scope = _first.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
            var donor = await db.Donors.OrderBy(d => d.Id).Select(d => d.Id).FirstAsync();
            var warehouse = await db.Locations.Where(l => l.Code == "WH-GX").Select(l => l.Id).SingleAsync();
            var masks = await db.Items.Where(i => i.Code == "MSK-SURG").Select(i => i.Id).SingleAsync();
            for (var i = 0; i < Donations; i++)
            {
                var recorded = await mediator.Send(new RecordDonation(donor, warehouse, new DateOnly(2020, 2, 1), $"receipt-twin-{i}",
                    [new RecordDonation.Line(masks, 10, null, null, null)]));
                await mediator.Send(new InspectDonation(recorded.DonationId, [new InspectDonation.Decision(recorded.LineIds[0], LineDecision.Accept, null)]));
                ids.Add(recorded.DonationId);
            }
        }
        var logistics = await _first.CreateUserAsync(Roles.Logistics);
        var token = await _first.IssueTokenAsync(logistics.UserName);
        using var first = SocketClient(_first, token);
        using var second = SocketClient(_second, token);
        HttpClient[] clients = [first, second];

        var issued = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            using var response = await clients[i % 2].PostAsync($"/odata/Donations({id})/IssueReceipt", JsonContent.Create(new { }));
            return (Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(issued, a => Assert.True(a.Status == HttpStatusCode.OK, $"IssueReceipt answered {(int)a.Status}: {a.Body}"));
        var numbers = await InDatabaseAsync(db => db.DonorReceipts.Select(r => r.Number).ToListAsync());
        Assert.Equal(Donations, numbers.Count);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        var sequences = await InDatabaseAsync(db => db.DonorReceipts.OrderBy(r => r.Sequence).Select(r => r.Sequence).ToListAsync());
        Assert.Equal(Enumerable.Range(1, Donations), sequences);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, int id, string action, object? body = null)
    {
        using var response = await client.PostAsync($"/odata/AllocationRequests({id})/{action}", body is null ? null : JsonContent.Create(body));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<T> InDatabaseAsync<T>(Func<SupplyTrackerDbContext, Task<T>> query)
    {
        await using var scope = _second.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>());
    }

    private async Task<(int Item, List<int> RequestIds)> ArrangeAsync()
    {
        await using var scope = _first.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var warehouse = await db.Locations.Where(l => l.Code == "WH-GX").Select(l => l.Id).SingleAsync();
        var stations = await db.Locations.Where(l => l.Kind != LocationKind.Warehouse).Select(l => l.Id).ToListAsync();

        var item = await mediator.Send(new CreateItem("TWIN-KN95", new ItemFields("雙機口罩", "双机口罩", "Two-instance respirator", ItemCategory.Mask, "只", 20, null, false, 0, 1)));
        await mediator.Send(new AdjustStock(warehouse, item, "TWIN-1", null, 120, AdjustmentReason.Found, null));
        await mediator.Send(new AdjustStock(warehouse, item, "TWIN-2", null, Stock - 120, AdjustmentReason.Found, null));

        var random = new Random(20200127);
        var ids = new List<int>();
        for (var i = 0; i < Requests; i++)
        {
            var id = await mediator.Send(new CreateRequest(stations[i % stations.Count], 0, (RequestPriority)random.Next(3), null,
                DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3), [new CreateRequest.Line(item, random.Next(1, 6))]));
            await mediator.Send(new SubmitRequest(id, null));
            var line = await db.AllocationRequestLines.Where(l => l.AllocationRequestId == id).Select(l => new { l.Id, l.QuantityRequested }).SingleAsync();
            await mediator.Send(new ApproveRequest(id, null, [new ApproveRequest.Line(line.Id, line.QuantityRequested)]));
            ids.Add(id);
        }
        return (item, ids);
    }

    /// <summary>A plain HttpClient to the port Kestrel listens on: requests go over real sockets, not the in-memory test server.</summary>
    private static HttpClient SocketClient(TestApp app, string token)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
