using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Public;

/// <summary>
/// The one read model behind every public and management figure (transparency page, dashboard, verification page,
/// where-it-went mail, donor statement). Everything is derived from the stock ledger, the donation lines (what came to
/// the door, including what was turned away and so never entered the ledger) and the transfers and shipments that say
/// where a movement came from and went to. A reversal counts as the negative of the movement it undoes.
/// <para>Per item (never across items of different units):</para>
/// <list type="bullet">
/// <item>received: every donation line; accepted: into usable stock at intake (directly or out of intake quarantine);
/// rejected at intake: lines turned away (directly or after quarantine); held at intake: still in intake quarantine;</item>
/// <item>delivered to a station: its first arrival from a warehouse (a transfer in, or the accepted part of a delivery)
/// minus what the station sent back to a warehouse; a hop from one station to another is "moved on", not a second delivery;</item>
/// <item>in transit: dispatched and not yet confirmed; rejected at delivery: back at the warehouse in quarantine;</item>
/// <item>consumed, written off (losses, damage, expiry, disposal from quarantine), found (positive adjustments), on hand.</item>
/// </list>
/// On hand + in transit = accepted + held at intake + found − written off − consumed, per item.
/// </summary>
public sealed class LedgerFigures(SupplyTrackerDbContext db, DeploymentTime time)
{
    /// <summary>Everything, network-wide.</summary>
    public Task<LedgerSnapshot> LoadAsync(CancellationToken cancellationToken) => LoadAsync(null, cancellationToken);

    /// <summary>Only the movements of the given lots (a donor's goods) and the donation lines that made them.</summary>
    public async Task<LedgerSnapshot> LoadAsync(IReadOnlyCollection<int>? lotIds, CancellationToken cancellationToken)
    {
        var items = await db.Items.AsNoTracking().OrderBy(i => i.Code).ToListAsync(cancellationToken);
        var locations = await db.Locations.AsNoTracking().OrderBy(l => l.Kind != LocationKind.Warehouse).ThenBy(l => l.Code).ToListAsync(cancellationToken);
        var movementQuery = db.StockMovements.AsNoTracking();
        if (lotIds is not null) movementQuery = movementQuery.Where(m => lotIds.Contains(m.LotId));
        var movements = await movementQuery
            .Select(m => new LedgerMovement(m.Id, m.LocationId, m.ItemId, m.LotId, m.Quantity, m.Status, m.Kind, m.ReferenceType, m.ReferenceId, m.RecordedAt))
            .ToListAsync(cancellationToken);

        // A reversal takes the kind and reference of the movement it undoes.
        var reversed = movements.Where(m => m.Kind == MovementKind.Reversal && m.ReferenceType == MovementReference.StockMovement)
            .Select(m => m.ReferenceId).Distinct().ToList();
        var originals = await db.StockMovements.AsNoTracking().Where(m => reversed.Contains(m.Id))
            .Select(m => new { m.Id, m.Kind, m.ReferenceType, m.ReferenceId, m.Quantity }).ToDictionaryAsync(m => m.Id, cancellationToken);
        movements = [.. movements.Select(m => m.Kind == MovementKind.Reversal && originals.TryGetValue(m.ReferenceId, out var o)
            ? m with { Kind = o.Kind, ReferenceType = o.ReferenceType, ReferenceId = o.ReferenceId, UndoesNegative = o.Quantity < 0, IsReversal = true }
            : m)];

        var transferIds = movements.Where(m => m.ReferenceType == MovementReference.Transfer).Select(m => (int)m.ReferenceId).Distinct().ToList();
        var transfers = await db.Transfers.AsNoTracking().Where(t => transferIds.Contains(t.Id))
            .Select(t => new { t.Id, t.FromLocationId, t.ToLocationId }).ToDictionaryAsync(t => t.Id, t => (t.FromLocationId, t.ToLocationId), cancellationToken);
        var shipmentIds = movements.Where(m => m.ReferenceType == MovementReference.Shipment).Select(m => (int)m.ReferenceId).Distinct().ToList();
        var shipments = await db.Shipments.AsNoTracking().Where(s => shipmentIds.Contains(s.Id))
            .Select(s => new { s.Id, s.FromLocationId, s.ToLocationId }).ToDictionaryAsync(s => s.Id, s => (s.FromLocationId, s.ToLocationId), cancellationToken);

        var lineQuery = db.DonationLines.AsNoTracking();
        if (lotIds is not null) lineQuery = lineQuery.Where(l => l.LotId != null && lotIds.Contains(l.LotId.Value));
        var lines = await lineQuery
            .Select(l => new LedgerDonationLine(l.DonationId, l.Donation.DonorId, l.Donation.ReceivedOn, l.ItemId, l.LotId, l.Quantity, l.Disposition))
            .ToListAsync(cancellationToken);

        return LedgerSnapshot.Compute(items, locations, movements, transfers, shipments, lines, time.DateOf);
    }
}

public sealed record LedgerMovement(long Id, int LocationId, int ItemId, int LotId, long Quantity, StockStatus Status, MovementKind Kind,
    MovementReference ReferenceType, long ReferenceId, DateTime RecordedAt)
{
    /// <summary>For a reversal: it undoes a negative movement (so a reversed write-off lowers "written off").</summary>
    public bool UndoesNegative { get; init; }
    public bool IsReversal { get; init; }
}

public sealed record LedgerDonationLine(int DonationId, int DonorId, DateOnly ReceivedOn, int ItemId, int? LotId, long Quantity, LineDisposition Disposition);

/// <summary>The figures of one item, network-wide or at one location.</summary>
public sealed class Flow
{
    public long Received { get; internal set; }
    public long Accepted { get; internal set; }
    public long RejectedAtIntake { get; internal set; }
    public long HeldAtIntake { get; internal set; }
    /// <summary>First arrivals from a warehouse minus what went back to a warehouse.</summary>
    public long Delivered { get; internal set; }
    /// <summary>What stations sent back to a warehouse (already taken off <see cref="Delivered"/>).</summary>
    public long Returned { get; internal set; }
    public long RejectedAtDelivery { get; internal set; }
    public long InTransit { get; internal set; }
    /// <summary>Sent from this station (or, network-wide, from any station) on to another station.</summary>
    public long MovedOn { get; internal set; }
    /// <summary>Arrived at this station from another station.</summary>
    public long MovedIn { get; internal set; }
    public long Consumed { get; internal set; }
    public long WrittenOff { get; internal set; }
    public long Found { get; internal set; }
    public long OnHand { get; internal set; }

    public bool IsEmpty => Received == 0 && Accepted == 0 && RejectedAtIntake == 0 && HeldAtIntake == 0 && Delivered == 0 && Returned == 0
        && RejectedAtDelivery == 0 && InTransit == 0 && MovedOn == 0 && MovedIn == 0 && Consumed == 0 && WrittenOff == 0 && Found == 0 && OnHand == 0;
}

/// <summary>Goods reaching a station, on a day: a first arrival from a warehouse (<see cref="FromLocationId"/> a warehouse),
/// a hop from another station, or (negative) a return to a warehouse.</summary>
public sealed record LedgerArrival(DateOnly On, int FromLocationId, int ToLocationId, int ItemId, int LotId, long Quantity, ArrivalKind Kind);

public enum ArrivalKind { Delivered, MovedOn, Returned }

/// <summary>Items whose quantities may be added up: one item, or a whole category whose items all share a unit.</summary>
public sealed record UnitGroup(string Key, ItemCategory Category, Item? Item, string Unit, IReadOnlyList<int> ItemIds);

public sealed class LedgerSnapshot
{
    private readonly Dictionary<int, Flow> _items = [];
    private readonly Dictionary<(int LocationId, int ItemId), Flow> _atLocation = [];
    private readonly Dictionary<(DateOnly Day, int ItemId), Flow> _byDay = [];
    private readonly Dictionary<(int DonationId, int ItemId), long> _acceptedByDonation = [];

    public required IReadOnlyList<Item> Items { get; init; }
    public required IReadOnlyList<Location> Locations { get; init; }
    public required IReadOnlyList<LedgerArrival> Arrivals { get; init; }
    public required IReadOnlyList<LedgerDonationLine> DonationLines { get; init; }
    public required IReadOnlyList<LedgerMovement> Movements { get; init; }
    public IReadOnlyList<Location> Stations => [.. Locations.Where(l => l.Kind != LocationKind.Warehouse)];

    public Flow Item(int itemId) => _items.GetValueOrDefault(itemId) ?? new Flow();
    public Flow At(int locationId, int itemId) => _atLocation.GetValueOrDefault((locationId, itemId)) ?? new Flow();
    public IReadOnlyDictionary<int, Flow> ByItem => _items;
    public IReadOnlyDictionary<(int LocationId, int ItemId), Flow> ByLocation => _atLocation;
    /// <summary>Accepted and delivered (first arrivals minus returns) per deployment day.</summary>
    public IReadOnlyDictionary<(DateOnly Day, int ItemId), Flow> ByDay => _byDay;
    /// <summary>Accepted into stock per donation (ledger, reversals included).</summary>
    public IReadOnlyDictionary<(int DonationId, int ItemId), long> AcceptedByDonation => _acceptedByDonation;
    public Flow OnDay(DateOnly day, int itemId) => _byDay.GetValueOrDefault((day, itemId)) ?? new Flow();

    /// <summary>Each category whose items share one unit is one group; otherwise each of its items is a group of its own.</summary>
    public IReadOnlyList<UnitGroup> UnitGroups() => [.. Items.GroupBy(i => i.Category).OrderBy(g => g.Key).SelectMany(g =>
        g.Select(i => i.BaseUnit).Distinct(StringComparer.Ordinal).Count() == 1
            ? [new UnitGroup($"c:{g.Key}", g.Key, null, g.First().BaseUnit, [.. g.Select(i => i.Id)])]
            : g.Select(i => new UnitGroup($"i:{i.Id}", g.Key, i, i.BaseUnit, [i.Id])))];

    public long Sum(UnitGroup group, Func<Flow, long> figure) => group.ItemIds.Sum(id => figure(Item(id)));
    public long Sum(UnitGroup group, int locationId, Func<Flow, long> figure) => group.ItemIds.Sum(id => figure(At(locationId, id)));

    private Flow ItemFlow(int itemId) => _items.TryGetValue(itemId, out var f) ? f : _items[itemId] = new Flow();
    private Flow DayFlow(DateOnly day, int itemId) => _byDay.TryGetValue((day, itemId), out var f) ? f : _byDay[(day, itemId)] = new Flow();

    private void Accept(LedgerMovement m, Flow item, Flow here, DateOnly on)
    {
        item.Accepted += m.Quantity; here.Accepted += m.Quantity;
        DayFlow(on, m.ItemId).Accepted += m.Quantity;
        if (m.ReferenceType == MovementReference.Donation)
            _acceptedByDonation[((int)m.ReferenceId, m.ItemId)] = _acceptedByDonation.GetValueOrDefault(((int)m.ReferenceId, m.ItemId)) + m.Quantity;
    }

    private Flow LocationFlow(int locationId, int itemId) => _atLocation.TryGetValue((locationId, itemId), out var f) ? f : _atLocation[(locationId, itemId)] = new Flow();

    public static LedgerSnapshot Compute(IReadOnlyList<Item> items, IReadOnlyList<Location> locations, IReadOnlyList<LedgerMovement> movements,
        IReadOnlyDictionary<int, (int From, int To)> transfers, IReadOnlyDictionary<int, (int From, int To)> shipments, IReadOnlyList<LedgerDonationLine> lines, Func<DateTime, DateOnly> dayOf)
    {
        var warehouses = locations.Where(l => l.Kind == LocationKind.Warehouse).Select(l => l.Id).ToHashSet();
        var arrivals = new List<LedgerArrival>();
        var snapshot = new LedgerSnapshot { Items = items, Locations = locations, Arrivals = arrivals, DonationLines = lines, Movements = movements };

        foreach (var line in lines)
        {
            var flow = snapshot.ItemFlow(line.ItemId);
            flow.Received += line.Quantity;
            if (line.Disposition == LineDisposition.Rejected) flow.RejectedAtIntake += line.Quantity;
        }

        foreach (var m in movements)
        {
            var item = snapshot.ItemFlow(m.ItemId);
            var here = snapshot.LocationFlow(m.LocationId, m.ItemId);
            var q = m.Quantity;
            item.OnHand += q;
            here.OnHand += q;
            var on = dayOf(m.RecordedAt);
            switch (m.Kind)
            {
                case MovementKind.DonationAccepted:
                    snapshot.Accept(m, item, here, on);
                    break;
                case MovementKind.DonationQuarantined:
                    item.HeldAtIntake += q; here.HeldAtIntake += q;
                    break;
                case MovementKind.QuarantineReleased when m.ReferenceType == MovementReference.Donation:
                    if (m.Status == StockStatus.Usable) snapshot.Accept(m, item, here, on);
                    else { item.HeldAtIntake += q; here.HeldAtIntake += q; }
                    break;
                case MovementKind.QuarantineRejected when m.ReferenceType == MovementReference.Donation:
                    item.HeldAtIntake += q; here.HeldAtIntake += q;
                    break;
                case MovementKind.QuarantineRejected:
                    // Quarantined stock (a delivery sent back, a recall) disposed of.
                    item.WrittenOff -= q; here.WrittenOff -= q;
                    break;
                case MovementKind.Adjustment or MovementKind.ExpiredWriteOff:
                    if (m.IsReversal ? m.UndoesNegative : q < 0) { item.WrittenOff -= q; here.WrittenOff -= q; }
                    else { item.Found += q; here.Found += q; }
                    break;
                case MovementKind.Consumption:
                    item.Consumed -= q; here.Consumed -= q;
                    break;
                case MovementKind.Dispatch when shipments.TryGetValue((int)m.ReferenceId, out var s):
                    item.InTransit -= q;
                    snapshot.LocationFlow(s.To, m.ItemId).InTransit -= q;
                    break;
                case MovementKind.DeliveryAccepted when shipments.TryGetValue((int)m.ReferenceId, out var s):
                    item.InTransit -= q;
                    here.InTransit -= q;
                    snapshot.Hop(arrivals, warehouses, on, s.From, s.To, m, q);
                    break;
                case MovementKind.DeliveryRejected when shipments.TryGetValue((int)m.ReferenceId, out var s):
                    item.InTransit -= q;
                    item.RejectedAtDelivery += q;
                    var destination = snapshot.LocationFlow(s.To, m.ItemId);
                    destination.InTransit -= q;
                    destination.RejectedAtDelivery += q;
                    break;
                case MovementKind.TransferIn when transfers.TryGetValue((int)m.ReferenceId, out var t):
                    snapshot.Hop(arrivals, warehouses, on, t.From, t.To, m, q);
                    break;
            }
        }
        return snapshot;
    }

    /// <summary>Goods arriving at <paramref name="to"/> from <paramref name="from"/> (negative: a reversed arrival).</summary>
    private void Hop(List<LedgerArrival> arrivals, HashSet<int> warehouses, DateOnly on, int from, int to, LedgerMovement m, long q)
    {
        var item = ItemFlow(m.ItemId);
        var fromWarehouse = warehouses.Contains(from);
        var toWarehouse = warehouses.Contains(to);
        if (fromWarehouse && toWarehouse) return;
        if (fromWarehouse)
        {
            item.Delivered += q;
            LocationFlow(to, m.ItemId).Delivered += q;
            DayFlow(on, m.ItemId).Delivered += q;
            arrivals.Add(new LedgerArrival(on, from, to, m.ItemId, m.LotId, q, ArrivalKind.Delivered));
        }
        else if (toWarehouse)
        {
            item.Delivered -= q; item.Returned += q;
            DayFlow(on, m.ItemId).Delivered -= q;
            var station = LocationFlow(from, m.ItemId);
            station.Delivered -= q; station.Returned += q;
            arrivals.Add(new LedgerArrival(on, from, to, m.ItemId, m.LotId, -q, ArrivalKind.Returned));
        }
        else
        {
            item.MovedOn += q;
            LocationFlow(from, m.ItemId).MovedOn += q;
            LocationFlow(to, m.ItemId).MovedIn += q;
            arrivals.Add(new LedgerArrival(on, from, to, m.ItemId, m.LotId, q, ArrivalKind.MovedOn));
        }
    }
}
