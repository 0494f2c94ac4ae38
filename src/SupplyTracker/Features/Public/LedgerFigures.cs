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
public sealed class LedgerFigures(SupplyTrackerDbContext db, DeploymentTime time, LedgerFiguresCache cache)
{
    /// <summary>Everything, network-wide: the cached fold of the ledger up to its last known link plus the movements
    /// appended since (O(new movements), not O(ledger)); the donation lines are read as they are now.</summary>
    public async Task<LedgerSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var (items, locations) = await LoadCatalogAsync(cancellationToken);
        var warehouses = Warehouses(locations);
        var state = cache.Current;
        if (state is null || !state.Warehouses.SetEquals(warehouses) || !await IsPrefixOfLedgerAsync(state, cancellationToken))
            state = await RebuildAsync(warehouses, cancellationToken);
        else
        {
            var tail = await FoldTailAsync(state, cancellationToken);
            // Inside a transaction the tail may not be committed yet: use it, never keep it.
            if (tail != state && db.Database.CurrentTransaction is null) cache.Publish(tail);
            state = tail;
        }
        var lines = await LoadLinesAsync(null, cancellationToken);
        return state.ToSnapshot(items, locations, lines);
    }

    /// <summary>From scratch, without the cache: every movement (or only those of the given lots, a donor's goods) folded anew.</summary>
    public async Task<LedgerSnapshot> LoadAsync(IReadOnlyCollection<int>? lotIds, CancellationToken cancellationToken)
    {
        if (lotIds is null) return await LoadAsync(cancellationToken);
        var (items, locations) = await LoadCatalogAsync(cancellationToken);
        var state = await FoldAsync(new LedgerFold(Warehouses(locations)), 0, lotIds, cancellationToken);
        return state.ToSnapshot(items, locations, await LoadLinesAsync(lotIds, cancellationToken));
    }

    /// <summary>The whole ledger folded from its first movement, ignoring the cache (verify-ledger compares it with the cached figures).</summary>
    public async Task<LedgerSnapshot> LoadFromScratchAsync(CancellationToken cancellationToken)
    {
        var (items, locations) = await LoadCatalogAsync(cancellationToken);
        var state = await FoldAsync(new LedgerFold(Warehouses(locations)), 0, null, cancellationToken);
        return state.ToSnapshot(items, locations, await LoadLinesAsync(null, cancellationToken));
    }

    /// <summary>
    /// For verify-ledger: the kept fold (brought up to date; when there is none yet, one folded in two parts, up to the
    /// middle of the ledger and then the rest) against the ledger folded from its first movement up to the same link.
    /// Null when every figure is equal; otherwise the first figure that differs.
    /// </summary>
    public async Task<(long Movements, string? Problem)> CheckAsync(CancellationToken cancellationToken)
    {
        var (_, locations) = await LoadCatalogAsync(cancellationToken);
        var warehouses = Warehouses(locations);
        var kept = cache.Current;
        if (kept is null || !kept.Warehouses.SetEquals(warehouses) || !await IsPrefixOfLedgerAsync(kept, cancellationToken))
        {
            var last = await db.StockMovements.AsNoTracking().MaxAsync(m => (long?)m.Sequence, cancellationToken) ?? 0;
            kept = await FoldAsync(new LedgerFold(warehouses), 0, null, cancellationToken, upToSequence: last / 2);
        }
        kept = await FoldAsync(kept.Copy(), kept.LastSequence, null, cancellationToken);
        var scratch = await FoldAsync(new LedgerFold(warehouses), 0, null, cancellationToken, upToSequence: kept.LastSequence);
        return (kept.LastSequence, kept.Difference(scratch));
    }

    private async Task<(List<Item> Items, List<Location> Locations)> LoadCatalogAsync(CancellationToken cancellationToken)
    {
        var items = await db.Items.AsNoTracking().OrderBy(i => i.Code).ToListAsync(cancellationToken);
        var locations = await db.Locations.AsNoTracking().OrderBy(l => l.Kind != LocationKind.Warehouse).ThenBy(l => l.Code).ToListAsync(cancellationToken);
        return (items, locations);
    }

    private static HashSet<int> Warehouses(IEnumerable<Location> locations) => [.. locations.Where(l => l.Kind == LocationKind.Warehouse).Select(l => l.Id)];

    private Task<List<LedgerDonationLine>> LoadLinesAsync(IReadOnlyCollection<int>? lotIds, CancellationToken cancellationToken)
    {
        var lineQuery = db.DonationLines.AsNoTracking();
        if (lotIds is not null) lineQuery = lineQuery.Where(l => l.LotId != null && lotIds.Contains(l.LotId.Value));
        return lineQuery
            .Select(l => new LedgerDonationLine(l.DonationId, l.Donation.DonorId, l.Donation.ReceivedOn, l.ItemId, l.LotId, l.Quantity, l.Disposition))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The ledger is append-only and hash-chained: if the link the fold ended at is still there with the same
    /// hash, every movement before it is the one that was folded (a restored or replaced database fails this).</summary>
    private async Task<bool> IsPrefixOfLedgerAsync(LedgerFold state, CancellationToken cancellationToken)
    {
        if (state.LastSequence == 0) return true;
        var hash = await db.StockMovements.AsNoTracking().Where(m => m.Sequence == state.LastSequence).Select(m => m.Hash).FirstOrDefaultAsync(cancellationToken);
        return hash == state.LastHash;
    }

    private async Task<LedgerFold> RebuildAsync(HashSet<int> warehouses, CancellationToken cancellationToken)
    {
        await cache.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another request may have rebuilt it while this one waited.
            var current = cache.Current;
            if (current is not null && current.Warehouses.SetEquals(warehouses) && await IsPrefixOfLedgerAsync(current, cancellationToken))
                return await FoldTailAsync(current, cancellationToken);
            var state = await FoldAsync(new LedgerFold(warehouses), 0, null, cancellationToken);
            if (db.Database.CurrentTransaction is null) cache.Publish(state, replace: true);
            return state;
        }
        finally
        {
            cache.Gate.Release();
        }
    }

    /// <summary>A copy of <paramref name="state"/> with the movements appended since its last link; the same object when there are none.</summary>
    private async Task<LedgerFold> FoldTailAsync(LedgerFold state, CancellationToken cancellationToken)
    {
        var any = await db.StockMovements.AsNoTracking().AnyAsync(m => m.Sequence > state.LastSequence, cancellationToken);
        return any ? await FoldAsync(state.Copy(), state.LastSequence, null, cancellationToken) : state;
    }

    /// <summary>Folds the movements after <paramref name="afterSequence"/> (of the given lots, or all) into <paramref name="state"/>, in ledger order, streamed.</summary>
    internal async Task<LedgerFold> FoldAsync(LedgerFold state, long afterSequence, IReadOnlyCollection<int>? lotIds, CancellationToken cancellationToken,
        long upToSequence = long.MaxValue)
    {
        var movements = db.StockMovements.AsNoTracking().Where(m => m.Sequence > afterSequence && m.Sequence <= upToSequence);
        if (lotIds is not null) movements = movements.Where(m => lotIds.Contains(m.LotId));

        // A reversal takes the kind and reference of the movement it undoes (always an earlier one).
        var originals = await movements.Where(m => m.Kind == MovementKind.Reversal && m.ReferenceType == MovementReference.StockMovement)
            .Join(db.StockMovements, r => r.ReferenceId, o => o.Id, (r, o) => new { o.Id, o.Kind, o.ReferenceType, o.ReferenceId, o.Quantity })
            .Distinct()
            .ToDictionaryAsync(m => m.Id, m => (m.Kind, m.ReferenceType, m.ReferenceId, m.Quantity), cancellationToken);
        // Where each transfer and shipment went from and to (both fixed when it is made): those of the movements folded
        // and those of the movements their reversals undo, which may lie before this part of the ledger.
        var undoneTransfers = originals.Values.Where(o => o.ReferenceType == MovementReference.Transfer).Select(o => (int)o.ReferenceId).Distinct().ToList();
        var undoneShipments = originals.Values.Where(o => o.ReferenceType == MovementReference.Shipment).Select(o => (int)o.ReferenceId).Distinct().ToList();
        var transfers = await db.Transfers.AsNoTracking()
            .Where(t => movements.Any(m => m.ReferenceType == MovementReference.Transfer && m.ReferenceId == t.Id) || undoneTransfers.Contains(t.Id))
            .Select(t => new { t.Id, t.FromLocationId, t.ToLocationId }).ToDictionaryAsync(t => t.Id, t => (t.FromLocationId, t.ToLocationId), cancellationToken);
        var shipments = await db.Shipments.AsNoTracking()
            .Where(s => movements.Any(m => m.ReferenceType == MovementReference.Shipment && m.ReferenceId == s.Id) || undoneShipments.Contains(s.Id))
            .Select(s => new { s.Id, s.FromLocationId, s.ToLocationId }).ToDictionaryAsync(s => s.Id, s => (s.FromLocationId, s.ToLocationId), cancellationToken);

        var stream = movements.OrderBy(m => m.Sequence)
            .Select(m => new { m.Id, m.Sequence, m.Hash, m.LocationId, m.ItemId, m.LotId, m.Quantity, m.Status, m.Kind, m.ReferenceType, m.ReferenceId, m.RecordedAt })
            .AsAsyncEnumerable();
        await foreach (var m in stream.WithCancellation(cancellationToken))
        {
            var movement = new LedgerMovement(m.Id, m.LocationId, m.ItemId, m.LotId, m.Quantity, m.Status, m.Kind, m.ReferenceType, m.ReferenceId, m.RecordedAt);
            if (m.Kind == MovementKind.Reversal && m.ReferenceType == MovementReference.StockMovement && originals.TryGetValue(m.ReferenceId, out var o))
                movement = movement with { Kind = o.Kind, ReferenceType = o.ReferenceType, ReferenceId = o.ReferenceId, UndoesNegative = o.Quantity < 0, IsReversal = true };
            state.Add(movement, transfers, shipments, time.DateOf);
            if (lotIds is null) state.Advance(m.Sequence, m.Hash);
        }
        return state;
    }
}

/// <summary>The one fold behind <see cref="LedgerFigures"/>, kept between requests: the last published fold of the ledger
/// (never changed once published; a request folds the new movements into a copy and publishes that).</summary>
public sealed class LedgerFiguresCache
{
    private LedgerFold? _current;
    internal SemaphoreSlim Gate { get; } = new(1, 1);
    internal LedgerFold? Current => Volatile.Read(ref _current);

    /// <summary>Keeps <paramref name="state"/>; <paramref name="replace"/>: a fold made anew (the ledger it ended at is gone).</summary>
    internal void Publish(LedgerFold state, bool replace = false)
    {
        if (replace)
        {
            Volatile.Write(ref _current, state);
            return;
        }
        // Never go back: a slower request may publish a shorter fold than one already there.
        while (true)
        {
            var current = Volatile.Read(ref _current);
            if (current is not null && current.LastSequence >= state.LastSequence && current.Warehouses.SetEquals(state.Warehouses)) return;
            if (Interlocked.CompareExchange(ref _current, state, current) == current) return;
        }
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

    internal Flow Copy() => (Flow)MemberwiseClone();

    internal bool Same(Flow o) => (Received, Accepted, RejectedAtIntake, HeldAtIntake, Delivered, Returned, RejectedAtDelivery, InTransit, MovedOn, MovedIn, Consumed, WrittenOff, Found, OnHand)
        == (o.Received, o.Accepted, o.RejectedAtIntake, o.HeldAtIntake, o.Delivered, o.Returned, o.RejectedAtDelivery, o.InTransit, o.MovedOn, o.MovedIn, o.Consumed, o.WrittenOff, o.Found, o.OnHand);

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
    private readonly Dictionary<int, Flow> _items;
    private readonly Dictionary<(int LocationId, int ItemId), Flow> _atLocation;
    private readonly Dictionary<(DateOnly Day, int ItemId), Flow> _byDay;
    private readonly Dictionary<(int DonationId, int ItemId), long> _acceptedByDonation;

    internal LedgerSnapshot(Dictionary<int, Flow> items, Dictionary<(int, int), Flow> atLocation, Dictionary<(DateOnly, int), Flow> byDay,
        Dictionary<(int, int), long> acceptedByDonation)
    {
        _items = items;
        _atLocation = atLocation;
        _byDay = byDay;
        _acceptedByDonation = acceptedByDonation;
    }

    public required IReadOnlyList<Item> Items { get; init; }
    public required IReadOnlyList<Location> Locations { get; init; }
    /// <summary>Every hop, summed per day, from, to, item, lot and kind (in no particular order).</summary>
    public required IReadOnlyList<LedgerArrival> Arrivals { get; init; }
    public required IReadOnlyList<LedgerDonationLine> DonationLines { get; init; }
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

    /// <summary>From scratch, over the given movements (in any order: every figure is a sum).</summary>
    public static LedgerSnapshot Compute(IReadOnlyList<Item> items, IReadOnlyList<Location> locations, IReadOnlyList<LedgerMovement> movements,
        IReadOnlyDictionary<int, (int From, int To)> transfers, IReadOnlyDictionary<int, (int From, int To)> shipments, IReadOnlyList<LedgerDonationLine> lines, Func<DateTime, DateOnly> dayOf)
    {
        var fold = new LedgerFold([.. locations.Where(l => l.Kind == LocationKind.Warehouse).Select(l => l.Id)]);
        foreach (var m in movements) fold.Add(m, transfers, shipments, dayOf);
        return fold.ToSnapshot(items, locations, lines);
    }
}

/// <summary>
/// The movement part of every figure, folded one movement at a time in ledger order up to <see cref="LastSequence"/>
/// (whose hash is <see cref="LastHash"/>). Every figure is a sum over movements, so folding the ledger in two parts
/// gives what folding it at once gives; the donation lines (received, rejected at intake) are added when a snapshot is made.
/// </summary>
public sealed class LedgerFold(HashSet<int> warehouses)
{
    private readonly Dictionary<int, Flow> _items = [];
    private readonly Dictionary<(int LocationId, int ItemId), Flow> _atLocation = [];
    private readonly Dictionary<(DateOnly Day, int ItemId), Flow> _byDay = [];
    private readonly Dictionary<(int DonationId, int ItemId), long> _acceptedByDonation = [];
    private readonly Dictionary<(DateOnly On, int From, int To, int ItemId, int LotId, ArrivalKind Kind), long> _arrivals = [];

    public HashSet<int> Warehouses { get; } = warehouses;
    public long LastSequence { get; private set; }
    public string LastHash { get; private set; } = StockMovement.GenesisHash;

    internal void Advance(long sequence, string hash)
    {
        LastSequence = sequence;
        LastHash = hash;
    }

    public LedgerFold Copy()
    {
        var copy = new LedgerFold(Warehouses) { LastSequence = LastSequence, LastHash = LastHash };
        foreach (var (k, f) in _items) copy._items[k] = f.Copy();
        foreach (var (k, f) in _atLocation) copy._atLocation[k] = f.Copy();
        foreach (var (k, f) in _byDay) copy._byDay[k] = f.Copy();
        foreach (var (k, q) in _acceptedByDonation) copy._acceptedByDonation[k] = q;
        foreach (var (k, q) in _arrivals) copy._arrivals[k] = q;
        return copy;
    }

    /// <summary>
    /// The first figure in which this fold and <paramref name="other"/> differ, or null: a key, not a sentence (it goes
    /// into the coded ledger-check message in the reader's language), e.g. <c>item[3]</c> or <c>sequence 12 ≠ 14</c>.
    /// </summary>
    public string? Difference(LedgerFold other)
    {
        if (LastSequence != other.LastSequence || LastHash != other.LastHash) return $"sequence {LastSequence} ≠ {other.LastSequence}";
        return Differ("item", _items, other._items, (a, b) => a.Same(b))
            ?? Differ("location,item", _atLocation, other._atLocation, (a, b) => a.Same(b))
            ?? Differ("day,item", _byDay, other._byDay, (a, b) => a.Same(b))
            ?? Differ("donation,item", _acceptedByDonation, other._acceptedByDonation, (a, b) => a == b)
            ?? Differ("arrival", _arrivals, other._arrivals, (a, b) => a == b);
    }

    private static string? Differ<TKey, TValue>(string what, Dictionary<TKey, TValue> a, Dictionary<TKey, TValue> b, Func<TValue, TValue, bool> same)
        where TKey : notnull
    {
        foreach (var key in a.Keys.Union(b.Keys))
        {
            var inA = a.TryGetValue(key, out var x);
            var inB = b.TryGetValue(key, out var y);
            if (inA != inB || (inA && !same(x!, y!))) return $"{what}[{key}]";
        }
        return null;
    }

    /// <summary>A snapshot of its own (copied: this fold may be shared) with the donation lines' figures added.</summary>
    public LedgerSnapshot ToSnapshot(IReadOnlyList<Item> items, IReadOnlyList<Location> locations, IReadOnlyList<LedgerDonationLine> lines)
    {
        var copy = Copy();
        foreach (var line in lines)
        {
            var flow = copy.ItemFlow(line.ItemId);
            flow.Received += line.Quantity;
            if (line.Disposition == LineDisposition.Rejected) flow.RejectedAtIntake += line.Quantity;
        }
        return new LedgerSnapshot(copy._items, copy._atLocation, copy._byDay, copy._acceptedByDonation)
        {
            Items = items,
            Locations = locations,
            Arrivals = [.. copy._arrivals.Where(a => a.Value != 0).Select(a => new LedgerArrival(a.Key.On, a.Key.From, a.Key.To, a.Key.ItemId, a.Key.LotId, a.Value, a.Key.Kind))],
            DonationLines = lines,
        };
    }

    private Flow ItemFlow(int itemId) => _items.TryGetValue(itemId, out var f) ? f : _items[itemId] = new Flow();
    private Flow DayFlow(DateOnly day, int itemId) => _byDay.TryGetValue((day, itemId), out var f) ? f : _byDay[(day, itemId)] = new Flow();
    private Flow LocationFlow(int locationId, int itemId) => _atLocation.TryGetValue((locationId, itemId), out var f) ? f : _atLocation[(locationId, itemId)] = new Flow();

    private void Accept(LedgerMovement m, Flow item, Flow here, DateOnly on)
    {
        item.Accepted += m.Quantity; here.Accepted += m.Quantity;
        DayFlow(on, m.ItemId).Accepted += m.Quantity;
        if (m.ReferenceType == MovementReference.Donation)
            _acceptedByDonation[((int)m.ReferenceId, m.ItemId)] = _acceptedByDonation.GetValueOrDefault(((int)m.ReferenceId, m.ItemId)) + m.Quantity;
    }

    /// <summary>Adds one movement (a reversal already given the kind and reference of what it undoes).</summary>
    public void Add(LedgerMovement m, IReadOnlyDictionary<int, (int From, int To)> transfers, IReadOnlyDictionary<int, (int From, int To)> shipments, Func<DateTime, DateOnly> dayOf)
    {
        var item = ItemFlow(m.ItemId);
        var here = LocationFlow(m.LocationId, m.ItemId);
        var q = m.Quantity;
        item.OnHand += q;
        here.OnHand += q;
        var on = dayOf(m.RecordedAt);
        switch (m.Kind)
        {
            case MovementKind.DonationAccepted:
                Accept(m, item, here, on);
                break;
            case MovementKind.DonationQuarantined:
                item.HeldAtIntake += q; here.HeldAtIntake += q;
                break;
            case MovementKind.QuarantineReleased when m.ReferenceType == MovementReference.Donation:
                if (m.Status == StockStatus.Usable) Accept(m, item, here, on);
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
                LocationFlow(s.To, m.ItemId).InTransit -= q;
                break;
            case MovementKind.DeliveryAccepted when shipments.TryGetValue((int)m.ReferenceId, out var s):
                item.InTransit -= q;
                here.InTransit -= q;
                Hop(on, s.From, s.To, m, q);
                break;
            case MovementKind.DeliveryRejected when shipments.TryGetValue((int)m.ReferenceId, out var s):
                item.InTransit -= q;
                item.RejectedAtDelivery += q;
                var destination = LocationFlow(s.To, m.ItemId);
                destination.InTransit -= q;
                destination.RejectedAtDelivery += q;
                break;
            case MovementKind.TransferIn when transfers.TryGetValue((int)m.ReferenceId, out var t):
                Hop(on, t.From, t.To, m, q);
                break;
        }
    }

    private void Arrive(DateOnly on, int from, int to, LedgerMovement m, long q, ArrivalKind kind)
    {
        var key = (on, from, to, m.ItemId, m.LotId, kind);
        _arrivals[key] = _arrivals.GetValueOrDefault(key) + q;
    }

    /// <summary>Goods arriving at <paramref name="to"/> from <paramref name="from"/> (negative: a reversed arrival).</summary>
    private void Hop(DateOnly on, int from, int to, LedgerMovement m, long q)
    {
        var item = ItemFlow(m.ItemId);
        var fromWarehouse = Warehouses.Contains(from);
        var toWarehouse = Warehouses.Contains(to);
        if (fromWarehouse && toWarehouse) return;
        if (fromWarehouse)
        {
            item.Delivered += q;
            LocationFlow(to, m.ItemId).Delivered += q;
            DayFlow(on, m.ItemId).Delivered += q;
            Arrive(on, from, to, m, q, ArrivalKind.Delivered);
        }
        else if (toWarehouse)
        {
            item.Delivered -= q; item.Returned += q;
            DayFlow(on, m.ItemId).Delivered -= q;
            var station = LocationFlow(from, m.ItemId);
            station.Delivered -= q; station.Returned += q;
            Arrive(on, from, to, m, -q, ArrivalKind.Returned);
        }
        else
        {
            item.MovedOn += q;
            LocationFlow(from, m.ItemId).MovedOn += q;
            LocationFlow(to, m.ItemId).MovedIn += q;
            Arrive(on, from, to, m, q, ArrivalKind.MovedOn);
        }
    }
}
