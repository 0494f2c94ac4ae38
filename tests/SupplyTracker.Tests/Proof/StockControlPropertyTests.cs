using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsCheck;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Api;
using SupplyTracker.Tests.Infrastructure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Proof;

/// <summary>
/// Random sequences of adjustments, counts, reversals and expiry write-offs, each accepted or refused, never leave a
/// balance that differs from the sum of its movements or goes below zero.
/// </summary>
[Trait("Database", "true")]
public sealed class StockControlPropertyTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private static readonly string[] Lots = ["A", "B", "EXP"];

    private static readonly Gen<(int Op, int Lot, int Quantity, int Pick)> Step =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, Lots.Length - 1], Gen.Int[1, 40], Gen.Int[0, 1000]);

    [Fact]
    public async Task Random_counts_reversals_and_write_offs_keep_every_balance_equal_to_its_movements_and_never_negative()
    {
        await Step.Array[1, 12].SampleAsync(RunAsync, iter: 15, threads: 1);
    }

    private async Task RunAsync((int Op, int Lot, int Quantity, int Pick)[] steps)
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync(tracksExpiry: true);
        // The fake clock only moves on (two days a sample), so today is read from it.
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        await app.FoundAsync(location, item, 30, "A", today.AddYears(1));
        await app.FoundAsync(location, item, 30, "B", today.AddYears(2));
        await app.FoundAsync(location, item, 30, "EXP", today.AddDays(1));
        app.Clock.Advance(TimeSpan.FromDays(2));
        using var counter = await app.CreateClientAsAsync(Roles.Logistics);
        using var reviewer = await app.CreateClientAsAsync(Roles.Logistics);
        var movements = (await app.MovementsAsync(item)).Select(m => m.Id).ToList();

        foreach (var (op, lotIndex, quantity, pick) in steps)
        {
            var lot = Lots[lotIndex];
            using var response = op switch
            {
                0 => await counter.PostAsJsonAsync("/odata/StockAdjustments", new { locationId = location.Id, itemId = item.Id, lotNumber = lot, quantity, reason = "Found" }),
                1 => await counter.PostAsJsonAsync("/odata/StockAdjustments", new { locationId = location.Id, itemId = item.Id, lotNumber = lot, quantity = -quantity, reason = "Damaged" }),
                2 => await counter.PostAsJsonAsync($"/odata/StockMovements({movements[pick % movements.Count]})/Reverse", new { reason = "property" }),
                3 => await counter.PostAsJsonAsync($"/odata/Locations({location.Id})/WriteOffExpired", new { }),
                4 => await counter.PostAsJsonAsync("/odata/StockAdjustments", new { locationId = location.Id, itemId = item.Id, lotNumber = lot, quantity = -quantity, reason = "Expired" }),
                _ => await CountAsync(counter, reviewer, location.Id, quantity, pick),
            };
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Conflict or HttpStatusCode.NotFound,
                $"Step {op} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            movements = (await app.MovementsAsync(item)).Select(m => m.Id).ToList();
        }
        await app.AssertLedgerConsistentAsync();
    }

    /// <summary>Start, count every line somewhere around its quantity, submit, approve by the other user; the approval's answer is the step's.</summary>
    private static async Task<HttpResponseMessage> CountAsync(HttpClient counter, HttpClient reviewer, int locationId, int quantity, int pick)
    {
        var started = await counter.PostAsJsonAsync("/odata/StockCounts", new { locationId });
        if (started.StatusCode != HttpStatusCode.Created) return started;
        var count = (await started.JsonAsync());
        var id = count.GetProperty("id").GetInt32();
        var lines = count.GetProperty("lines").EnumerateArray()
            .Select((l, i) => new { lineId = l.GetProperty("id").GetInt32(), countedQuantity = (quantity * (i + 1) + pick) % 60 })
            .ToArray();
        (await counter.PostAsJsonAsync($"/odata/StockCounts({id})/Enter", new { lines })).EnsureSuccessStatusCode();
        (await counter.PostAsync($"/odata/StockCounts({id})/Submit", null)).EnsureSuccessStatusCode();
        var approved = await reviewer.PostAsync($"/odata/StockCounts({id})/Approve", null);
        if (approved.StatusCode != HttpStatusCode.OK)
            (await counter.PostAsync($"/odata/StockCounts({id})/Cancel", null)).EnsureSuccessStatusCode();
        return approved;
    }
}
