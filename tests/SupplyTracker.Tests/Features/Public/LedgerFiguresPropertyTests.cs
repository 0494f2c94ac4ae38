using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Features.Consumption;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Public;
using SupplyTracker.Features.Stock;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Public;

/// <summary>
/// Random workflows (intake accepted, rejected or quarantined and then released or rejected; transfers out of the
/// warehouse, between stations and back; requests through delivery with rejections, or left in transit; consumption;
/// adjustments both ways) through the real commands. The test keeps its own tally of what each successful step moved,
/// and every figure of the read model must equal it, on hand must equal the sum of the ledger's movements, and the
/// transparency report and the donor trace must say the same.
/// </summary>
[Trait("Database", "true")]
public sealed class LedgerFiguresPropertyTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private static readonly Gen<(int Op, int Quantity, int Pick)> Step = Gen.Select(Gen.Int[0, 9], Gen.Int[1, 60], Gen.Int[0, 1000]);

    private sealed class Tally
    {
        public long Received, Accepted, RejectedAtIntake, Held, Returned, InTransit, RejectedAtDelivery, MovedOn, Consumed, WrittenOff, Found;
        public readonly Dictionary<int, long> Delivered = [], Usable = [];
        public long Get(Dictionary<int, long> d, Location l) => d.GetValueOrDefault(l.Id);
        public void Add(Dictionary<int, long> d, Location l, long q) => d[l.Id] = d.GetValueOrDefault(l.Id) + q;
    }

    [Fact]
    public async Task Every_figure_of_random_workflows_equals_the_sums_of_their_movements()
    {
        await Step.Array[1, 14].SampleAsync(RunAsync, iter: 12, threads: 1);
    }

    private async Task RunAsync((int Op, int Quantity, int Pick)[] steps)
    {
        var warehouse = await app.CreateLocationAsync();
        Location[] stations = [await app.CreateLocationAsync(LocationKind.Checkpoint), await app.CreateLocationAsync(LocationKind.Squad)];
        var item = await app.CreateItemAsync();
        var donor = await app.CreateDonorAsync();
        var t = new Tally();
        var quarantinedAtWarehouse = 0L;
        var firstDonation = 0;

        foreach (var (op, quantity, pick) in steps)
        {
            // Read the figures now and then: the kept fold then takes the rest of the workflow as tails of a few movements.
            if (pick % 4 == 0) await app.FiguresAsync();
            var station = stations[pick % 2];
            var other = stations[(pick + 1) % 2];
            switch (op)
            {
                case 0 or 1 or 2:
                {
                    var recorded = await app.SendAsync(new RecordDonation(donor.Id, warehouse.Id, SupplyTrackerApp.Today, null,
                        [new RecordDonation.Line(item.Id, quantity, null, null, null)]));
                    if (firstDonation == 0 && op != 1) firstDonation = recorded.DonationId;
                    var line = recorded.LineIds[0];
                    t.Received += quantity;
                    var decision = op switch { 0 => LineDecision.Accept, 1 => LineDecision.Reject, _ => LineDecision.Quarantine };
                    await app.SendAsync(new InspectDonation(recorded.DonationId, [new InspectDonation.Decision(line, decision, op == 1 ? "破損" : null)]));
                    if (op == 0) { t.Accepted += quantity; t.Add(t.Usable, warehouse, quantity); }
                    else if (op == 1) t.RejectedAtIntake += quantity;
                    else if (pick % 3 == 0) { t.Held += quantity; quarantinedAtWarehouse += quantity; }
                    else
                    {
                        var release = pick % 3 == 1;
                        await app.SendAsync(new ReleaseFromQuarantine(recorded.DonationId,
                            [new ReleaseFromQuarantine.Decision(line, release ? QuarantineOutcome.Release : QuarantineOutcome.Reject, release ? null : "檢驗不合格")]));
                        if (release) { t.Accepted += quantity; t.Add(t.Usable, warehouse, quantity); }
                        else t.RejectedAtIntake += quantity;
                    }
                    break;
                }
                case 3 when t.Get(t.Usable, warehouse) >= quantity:
                    await app.TransferAsync(warehouse, station, item, quantity);
                    t.Add(t.Usable, warehouse, -quantity); t.Add(t.Usable, station, quantity); t.Add(t.Delivered, station, quantity);
                    break;
                case 4 when t.Get(t.Usable, station) >= quantity:
                    await app.TransferAsync(station, other, item, quantity);
                    t.Add(t.Usable, station, -quantity); t.Add(t.Usable, other, quantity); t.MovedOn += quantity;
                    break;
                case 5 when t.Get(t.Usable, station) >= quantity:
                    await app.TransferAsync(station, warehouse, item, quantity);
                    t.Add(t.Usable, station, -quantity); t.Add(t.Usable, warehouse, quantity); t.Add(t.Delivered, station, -quantity); t.Returned += quantity;
                    break;
                case 6 when t.Get(t.Usable, warehouse) >= quantity:
                {
                    var confirm = pick % 4 != 0;
                    var rejected = confirm ? pick % (quantity + 1) : 0;
                    var shipmentId = await app.ShipAsync(warehouse, station, item, quantity, rejected, confirm);
                    var shipped = await app.QueryAsync(db => db.ShipmentLines.Where(l => l.ShipmentId == shipmentId).SumAsync(l => l.Quantity));
                    Assert.Equal(quantity, shipped);
                    t.Add(t.Usable, warehouse, -quantity);
                    if (!confirm) { t.InTransit += quantity; break; }
                    t.Add(t.Usable, station, quantity - rejected); t.Add(t.Delivered, station, quantity - rejected);
                    t.RejectedAtDelivery += rejected; quarantinedAtWarehouse += rejected;
                    break;
                }
                case 7 when t.Get(t.Usable, station) >= quantity:
                    await app.SendAsync(new RecordConsumption(station.Id, SupplyTrackerApp.Today, null, [new RecordConsumption.Line(item.Id, quantity)]));
                    t.Add(t.Usable, station, -quantity); t.Consumed += quantity;
                    break;
                case 8:
                {
                    var where = pick % 3 == 0 ? warehouse : station;
                    await app.SendAsync(new AdjustStock(where.Id, item.Id, null, null, quantity, AdjustmentReason.Found, null));
                    t.Add(t.Usable, where, quantity); t.Found += quantity;
                    break;
                }
                case 9 when t.Get(t.Usable, station) >= quantity:
                    await app.SendAsync(new AdjustStock(station.Id, item.Id, null, null, -quantity, AdjustmentReason.Damaged, null));
                    t.Add(t.Usable, station, -quantity); t.WrittenOff += quantity;
                    break;
            }
        }

        var figures = await app.FiguresAsync();
        var flow = figures.Item(item.Id);

        // The kept fold (this app has folded earlier samples and the tails above) equals the whole ledger folded anew.
        var scratch = await app.InScopeAsync(s => s.GetRequiredService<LedgerFigures>().LoadFromScratchAsync(CancellationToken.None));
        foreach (var location in stations.Append(warehouse))
            Assert.True(scratch.At(location.Id, item.Id).Same(figures.At(location.Id, item.Id)), $"location {location.Code}");
        Assert.True(scratch.Item(item.Id).Same(flow));
        Assert.Equal(scratch.Arrivals.Where(a => a.ItemId == item.Id).OrderBy(a => a.ToString()), figures.Arrivals.Where(a => a.ItemId == item.Id).OrderBy(a => a.ToString()));
        var (_, problem) = await app.InScopeAsync(s => s.GetRequiredService<LedgerFigures>().CheckAsync(CancellationToken.None));
        Assert.Null(problem);
        Assert.Equal(
            (t.Received, t.Accepted, t.RejectedAtIntake, t.Held, t.Delivered.Values.Sum(), t.Returned, t.InTransit, t.RejectedAtDelivery),
            (flow.Received, flow.Accepted, flow.RejectedAtIntake, flow.HeldAtIntake, flow.Delivered, flow.Returned, flow.InTransit, flow.RejectedAtDelivery));
        Assert.Equal((t.MovedOn, t.Consumed, t.WrittenOff, t.Found), (flow.MovedOn, flow.Consumed, flow.WrittenOff, flow.Found));
        Assert.Equal(flow.Accepted + flow.HeldAtIntake + flow.Found - flow.WrittenOff - flow.Consumed, flow.OnHand + flow.InTransit);

        var movements = await app.QueryAsync(db => db.StockMovements.AsNoTracking().Where(m => m.ItemId == item.Id)
            .GroupBy(m => m.LocationId).Select(g => new { g.Key, Sum = g.Sum(m => m.Quantity) }).ToDictionaryAsync(g => g.Key, g => g.Sum));
        foreach (var location in stations.Append(warehouse))
        {
            var here = figures.At(location.Id, item.Id);
            Assert.Equal(movements.GetValueOrDefault(location.Id), here.OnHand);
            var expected = t.Get(t.Usable, location) + (location == warehouse ? quarantinedAtWarehouse : 0);
            Assert.Equal(expected, here.OnHand);
            if (location != warehouse) Assert.Equal(t.Get(t.Delivered, location), here.Delivered);
        }

        var report = (await app.TransparencyAsync()).Items.SingleOrDefault(i => i.Code == item.Code);
        if (report is null)
        {
            Assert.True(flow.IsEmpty || (flow.Received == 0 && flow.Accepted == 0 && flow.Delivered == 0 && flow.InTransit == 0 && flow.OnHand == 0));
            return;
        }
        Assert.Equal((flow.Received, flow.Accepted, flow.Delivered, flow.InTransit, flow.MovedOn, flow.OnHand),
            (report.Received, report.Accepted, report.Distributed, report.InTransit, report.MovedOn, report.OnHand));
        if (firstDonation != 0)
            Assert.Equal(flow.Delivered, (await app.TraceAsync(firstDonation)).DeliveredTo(item.Id));
    }
}
