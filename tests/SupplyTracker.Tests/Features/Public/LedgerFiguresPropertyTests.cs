using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Features.Consumption;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Public;
using SupplyTracker.Features.Stock;
using SupplyTracker.Features.Receipts;
using Mediator;
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
    private static readonly Gen<(int Op, int Quantity, int Pick)> Step = Gen.Select(Gen.Int[0, 12], Gen.Int[1, 60], Gen.Int[0, 1000]);

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
        // The last reversible posting of each kind not yet reversed: (movement, where, quantity).
        (long Movement, Location Station, long Quantity)? lastDelivery = null, lastConsumption = null, lastFound = null;

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
                    if (firstDonation == 0 && op == 0) firstDonation = recorded.DonationId;
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
                    lastDelivery = ((await app.TransferAsync(warehouse, station, item, quantity)).InMovementId, station, quantity);
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
                    var consumed = await app.SendAsync(new RecordConsumption(station.Id, SupplyTrackerApp.Today, null, [new RecordConsumption.Line(item.Id, quantity)]));
                    lastConsumption = consumed.MovementIds.Count == 1 ? (consumed.MovementIds[0], station, quantity) : null;
                    t.Add(t.Usable, station, -quantity); t.Consumed += quantity;
                    break;
                case 8:
                {
                    var where = pick % 3 == 0 ? warehouse : station;
                    var found = await app.SendAsync(new AdjustStock(where.Id, item.Id, null, null, quantity, AdjustmentReason.Found, null));
                    lastFound = (found.MovementId, where, quantity);
                    t.Add(t.Usable, where, quantity); t.Found += quantity;
                    break;
                }
                case 9 when t.Get(t.Usable, station) >= quantity:
                    await app.SendAsync(new AdjustStock(station.Id, item.Id, null, null, -quantity, AdjustmentReason.Damaged, null));
                    t.Add(t.Usable, station, -quantity); t.WrittenOff += quantity;
                    break;
                // Reversals: a wrong delivery by transfer, a consumption report and a found adjustment undone.
                case 10 when lastDelivery is { } d && t.Get(t.Usable, d.Station) >= d.Quantity:
                    await app.SendAsync(new ReverseMovement(d.Movement, "錯誤調撥"));
                    t.Add(t.Usable, d.Station, -d.Quantity); t.Add(t.Usable, warehouse, d.Quantity); t.Add(t.Delivered, d.Station, -d.Quantity);
                    lastDelivery = null;
                    break;
                case 11 when lastConsumption is { } c:
                    await app.SendAsync(new ReverseMovement(c.Movement, "重複上報"));
                    t.Add(t.Usable, c.Station, c.Quantity); t.Consumed -= c.Quantity;
                    lastConsumption = null;
                    break;
                case 12 when lastFound is { } f && t.Get(t.Usable, f.Station) >= f.Quantity:
                    await app.SendAsync(new ReverseMovement(f.Movement, "盤點誤記"));
                    t.Add(t.Usable, f.Station, -f.Quantity); t.Found -= f.Quantity;
                    lastFound = null;
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
        if (firstDonation == 0) return;
        // One donor gave everything (one lot), so the donor's goods are the item's: every public surface must say the same.
        Assert.Equal(flow.Delivered, (await app.TraceAsync(firstDonation)).DeliveredTo(item.Id));
        var statement = await app.InScopeAsync(async s =>
        {
            var mediator = s.GetRequiredService<IMediator>();
            var link = await mediator.Send(new GetDonorStatementLink(donor.Id));
            return await mediator.Send(new GetDonorStatement(donor.Id, link[(link.IndexOf("?c=", StringComparison.Ordinal) + 3)..]));
        });
        Assert.NotNull(statement);
        var total = Assert.Single(statement.Totals);
        Assert.Equal((flow.Accepted, (long?)flow.Delivered), (total.Accepted, total.Delivered));
        var donorRow = Assert.Single((await app.TransparencyAsync()).Donors, d => d.Name == donor.Name);
        Assert.Equal(flow.Accepted, donorRow.Quantities.Sum(q => q.Quantity));
        var verification = await app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<SupplyTracker.Data.SupplyTrackerDbContext>();
            var path = await app.VerificationPathAsync(firstDonation);
            var number = path["/verify/".Length..path.IndexOf('?', StringComparison.Ordinal)];
            return await s.GetRequiredService<IMediator>().Send(new VerifyReceipt(number, Uri.UnescapeDataString(path[(path.IndexOf("?c=", StringComparison.Ordinal) + 3)..])));
        });
        Assert.NotNull(verification);
        var reached = verification.WhereGoodsWent!.Where(d => d.Kind == ArrivalKind.Delivered).Sum(d => d.Quantity)
            - verification.WhereGoodsWent!.Where(d => d.Kind == ArrivalKind.Returned).Sum(d => d.Quantity);
        Assert.Equal(flow.Delivered, reached);
        var mail = await app.InScopeAsync(async s => await s.GetRequiredService<DonorTrace>().TraceAsync(donor.Id,
            await s.GetRequiredService<SupplyTracker.Data.SupplyTrackerDbContext>().DonationLines.Where(l => l.DonationId == firstDonation && l.LotId != null)
                .Select(l => l.LotId!.Value).ToListAsync(), CancellationToken.None));
        Assert.Equal(flow.Delivered, mail.DeliveredTo(item.Id));
    }
}
