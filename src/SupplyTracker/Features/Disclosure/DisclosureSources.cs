using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using Entry = SupplyTracker.Domain.Disclosure;

namespace SupplyTracker.Features.Disclosure;

/// <summary>
/// One event the public has not been told about yet. <see cref="Key"/> names its source ("m:" movement, "l:" donation
/// line, "r:" receipt); a correction names the source it corrects in <see cref="CorrectsKey"/> ("d:" is a donation's first intake entry).
/// </summary>
public sealed record PendingDisclosure(string Key, string? CorrectsKey, DateTime OccurredAt, long Order, Func<long, long?, DateTime, Entry> Create);

/// <summary>
/// Reads what the ledger and the donation records hold that the disclosure log does not: new movements of a published
/// kind after the cursor, lines refused at intake, voided receipts. Derived from the records alone, so no command has to remember to disclose.
/// </summary>
public sealed class DisclosureSources(SupplyTrackerDbContext db)
{
    private static readonly MovementKind[] Candidates =
    [
        MovementKind.DonationAccepted, MovementKind.DonationQuarantined, MovementKind.QuarantineReleased, MovementKind.QuarantineRejected,
        MovementKind.TransferIn, MovementKind.TransferOut, MovementKind.Dispatch, MovementKind.DeliveryAccepted, MovementKind.DeliveryRejected,
        MovementKind.Reversal,
    ];

    private static readonly DisclosureKind[] IntakeKinds =
        [DisclosureKind.IntakeAccepted, DisclosureKind.IntakeQuarantined, DisclosureKind.IntakeReleased, DisclosureKind.IntakeRejected];

    private sealed record Description(DisclosureKind Kind, DisclosurePlace? From, DisclosurePlace? To, string? Donor, string? Reason,
        string? Reference, int? DonationId);

    private Dictionary<int, Location> _locations = [];
    private Dictionary<int, Donation> _donations = [];
    private Dictionary<int, Transfer> _transfers = [];
    private Dictionary<int, Shipment> _shipments = [];
    private Dictionary<int, string?> _lotDonors = [];
    private Dictionary<int, long> _transferInMovements = [];

    /// <summary>The newest ledger sequence: the cursor once everything up to it is published.</summary>
    public async Task<long> LedgerTailAsync(CancellationToken ct) =>
        await db.StockMovements.AsNoTracking().MaxAsync(m => (long?)m.Sequence, ct) ?? 0;

    public async Task<List<PendingDisclosure>> PendingAsync(long ledgerCursor, CancellationToken ct)
    {
        var movements = await db.StockMovements.AsNoTracking().Include(m => m.Lot).ThenInclude(l => l.Item)
            .Where(m => m.Sequence > ledgerCursor && Candidates.Contains(m.Kind))
            .OrderBy(m => m.Sequence).ToListAsync(ct);
        var published = await PublishedMovementsAsync(movements.Select(m => m.Id).ToList(), ct);
        movements.RemoveAll(m => published.Contains(m.Id));

        var originalIds = movements.Where(m => m.Kind == MovementKind.Reversal).Select(m => m.ReferenceId).Distinct().ToList();
        var originals = originalIds.Count == 0 ? []
            : await db.StockMovements.AsNoTracking().Include(m => m.Lot).ThenInclude(l => l.Item)
                .Where(m => originalIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        await LoadReferencesAsync([.. movements, .. originals.Values], ct);

        var pending = new List<PendingDisclosure>();
        foreach (var movement in movements)
        {
            if (movement.Kind == MovementKind.Reversal)
            {
                if (originals.GetValueOrDefault(movement.ReferenceId) is not { } original || Describe(original, reversing: true) is not { } undone)
                    continue;
                var target = original.Kind == MovementKind.TransferOut
                    ? _transferInMovements.GetValueOrDefault((int)original.ReferenceId)
                    : original.Id;
                var reversal = undone with { Kind = DisclosureKind.Correction, Reason = $"Reversal of {original.Kind}" };
                pending.Add(FromMovement(movement, reversal, $"m:{target}"));
            }
            else if (Describe(movement) is { } description)
                pending.Add(FromMovement(movement, description, null));
        }

        pending.AddRange(await RefusedAtIntakeAsync(ct));
        pending.AddRange(await VoidedReceiptsAsync(ct));
        pending.AddRange(await RecallsAsync(ct));
        return pending;
    }

    /// <summary>The index of an already published entry a correction names, or null.</summary>
    public async Task<long?> PublishedIndexAsync(string key, CancellationToken ct)
    {
        var id = long.Parse(key[2..], System.Globalization.CultureInfo.InvariantCulture);
        return key[0] switch
        {
            'm' => await db.Disclosures.AsNoTracking().Where(d => d.SourceMovementId == id).Select(d => (long?)d.Index).FirstOrDefaultAsync(ct),
            'd' => await db.Disclosures.AsNoTracking().Where(d => d.DonationId == (int)id && IntakeKinds.Contains(d.Kind))
                .MinAsync(d => (long?)d.Index, ct),
            _ => null,
        };
    }

    private async Task<HashSet<long>> PublishedMovementsAsync(List<long> ids, CancellationToken ct)
    {
        var published = new HashSet<long>();
        foreach (var chunk in ids.Chunk(500))
            published.UnionWith(await db.Disclosures.AsNoTracking()
                .Where(d => d.SourceMovementId != null && chunk.Contains(d.SourceMovementId.Value))
                .Select(d => d.SourceMovementId!.Value).ToListAsync(ct));
        return published;
    }

    private static PendingDisclosure FromMovement(StockMovement movement, Description d, string? correctsKey) =>
        new($"m:{movement.Id}", correctsKey, movement.RecordedAt, movement.Sequence, (index, corrects, publishedAt) =>
            new Entry(index, d.Kind, Item(movement.Lot.Item), Math.Abs(movement.Quantity), movement.Lot.LotNumber, d.From, d.To,
                    d.Donor, d.Reason, d.Reference, corrects, movement.RecordedAt, publishedAt)
                .From(movementId: movement.Id, sequence: movement.Sequence, donationId: d.DonationId));

    /// <summary>What a movement tells the public, or null for a movement that is not a hop or an intake decision.</summary>
    private Description? Describe(StockMovement m, bool reversing = false)
    {
        var at = Place(m.LocationId);
        switch (m.Kind)
        {
            case MovementKind.DonationAccepted or MovementKind.DonationQuarantined or MovementKind.QuarantineReleased or MovementKind.QuarantineRejected
                when m.ReferenceType == MovementReference.Donation && _donations.GetValueOrDefault((int)m.ReferenceId) is { } donation:
                if (m.Kind == MovementKind.QuarantineReleased && m.Status != StockStatus.Usable)
                    return null;
                var kind = m.Kind switch
                {
                    MovementKind.DonationAccepted => DisclosureKind.IntakeAccepted,
                    MovementKind.DonationQuarantined => DisclosureKind.IntakeQuarantined,
                    MovementKind.QuarantineReleased => DisclosureKind.IntakeReleased,
                    _ => DisclosureKind.IntakeRejected,
                };
                var reason = kind == DisclosureKind.IntakeRejected
                    ? donation.Lines.FirstOrDefault(l => l.LotId == m.LotId && l.Disposition == LineDisposition.Rejected)?.RejectionReason
                    : null;
                return new Description(kind, null, at, Entry.DonorDisplayName(donation.Donor), reason, $"donation:{donation.Id}", donation.Id);
            case MovementKind.TransferIn when m.ReferenceType == MovementReference.Transfer && _transfers.GetValueOrDefault((int)m.ReferenceId) is { } transfer:
                return new Description(DisclosureKind.Transfer, Place(transfer.FromLocationId), Place(transfer.ToLocationId),
                    _lotDonors.GetValueOrDefault(m.LotId), null, $"transfer:{transfer.Id}", null);
            // Directed stock sent elsewhere: besides the hop (its TransferIn), the override itself is an entry, by its TransferOut.
            case MovementKind.TransferOut when !reversing && m.ReferenceType == MovementReference.Transfer
                                              && _transfers.GetValueOrDefault((int)m.ReferenceId) is { OverrideReason: { } why } overridden:
                var directedTo = m.Lot.DirectedToLocationId is { } d && _locations.GetValueOrDefault(d) is { } place ? $"{place.Code} {place.Name}" : "?";
                return new Description(DisclosureKind.DirectedOverride, Place(overridden.FromLocationId), Place(overridden.ToLocationId),
                    _lotDonors.GetValueOrDefault(m.LotId), Cap($"Directed to {directedTo}; override: {why}", 500), $"transfer:{overridden.Id}", null);
            // A transfer is published once, by its TransferIn; its TransferOut is described only when a reversal undoes it.
            case MovementKind.TransferOut when reversing && m.ReferenceType == MovementReference.Transfer
                                              && _transfers.GetValueOrDefault((int)m.ReferenceId) is { } transfer:
                return new Description(DisclosureKind.Transfer, Place(transfer.FromLocationId), Place(transfer.ToLocationId),
                    _lotDonors.GetValueOrDefault(m.LotId), null, $"transfer:{transfer.Id}", null);
            case MovementKind.Dispatch or MovementKind.DeliveryAccepted or MovementKind.DeliveryRejected
                when m.ReferenceType == MovementReference.Shipment && _shipments.GetValueOrDefault((int)m.ReferenceId) is { } shipment:
                return m.Kind switch
                {
                    MovementKind.Dispatch => new Description(DisclosureKind.Dispatch, Place(shipment.FromLocationId), Place(shipment.ToLocationId),
                        _lotDonors.GetValueOrDefault(m.LotId), null, shipment.Number, null),
                    MovementKind.DeliveryAccepted => new Description(DisclosureKind.Delivery, Place(shipment.FromLocationId), Place(shipment.ToLocationId),
                        _lotDonors.GetValueOrDefault(m.LotId), null, shipment.Number, null),
                    _ => new Description(DisclosureKind.Return, Place(shipment.ToLocationId), Place(shipment.FromLocationId),
                        _lotDonors.GetValueOrDefault(m.LotId), shipment.Lines.FirstOrDefault(l => l.LotId == m.LotId && l.QuantityRejected > 0)?.RejectionReason,
                        shipment.Number, null),
                };
            default:
                return null;
        }
    }

    private async Task<List<PendingDisclosure>> RefusedAtIntakeAsync(CancellationToken ct)
    {
        // Refused without ever entering stock (no lot); a line refused after quarantine has its QuarantineRejected movement.
        var lines = await db.DonationLines.AsNoTracking().Include(l => l.Item).Include(l => l.Donation).ThenInclude(d => d.Donor)
            .Include(l => l.Donation).ThenInclude(d => d.ReceivingLocation)
            .Where(l => l.Disposition == LineDisposition.Rejected && l.LotId == null && !db.Disclosures.Any(d => d.SourceDonationLineId == l.Id))
            .OrderBy(l => l.Id).ToListAsync(ct);
        return [.. lines.Select(line =>
        {
            var donation = line.Donation;
            var at = new DisclosurePlace(donation.ReceivingLocation.Code, donation.ReceivingLocation.Name, donation.ReceivingLocation.NameEn);
            // The line carries no decision time; the intake's recorded time is the earliest it can have been, so lag is never understated.
            return new PendingDisclosure($"l:{line.Id}", null, donation.RecordedAt, line.Id, (index, _, publishedAt) =>
                new Entry(index, DisclosureKind.IntakeRejected, Item(line.Item), line.Quantity, line.LotNumber, null, at,
                        Entry.DonorDisplayName(donation.Donor), line.RejectionReason, $"donation:{donation.Id}", null, donation.RecordedAt, publishedAt)
                    .From(donationLineId: line.Id, donationId: donation.Id));
        })];
    }

    private async Task<List<PendingDisclosure>> VoidedReceiptsAsync(CancellationToken ct)
    {
        var voided = await db.DonorReceipts.AsNoTracking()
            .Where(r => r.Status == ReceiptStatus.Void && !db.Disclosures.Any(d => d.SourceReceiptNumber == r.Number))
            .Join(db.Donations.Include(d => d.Donor), r => r.DonationId, d => d.Id, (r, d) => new { Receipt = r, Donation = d })
            .OrderBy(x => x.Receipt.VoidedAt).ThenBy(x => x.Receipt.Number)
            .ToListAsync(ct);
        return [.. voided.Select(x =>
        {
            var at = x.Receipt.VoidedAt ?? x.Receipt.IssuedAt;
            // The void reason is free text and may name people; the entry says only that the receipt no longer stands.
            return new PendingDisclosure($"r:{x.Receipt.Number}", $"d:{x.Donation.Id}", at, 0, (index, corrects, publishedAt) =>
                new Entry(index, DisclosureKind.ReceiptVoided, null, null, null, null, null, Entry.DonorDisplayName(x.Donation.Donor),
                        "Receipt voided", x.Receipt.Number, corrects, at, publishedAt)
                    .From(receiptNumber: x.Receipt.Number, donationId: x.Donation.Id));
        })];
    }

    private async Task<List<PendingDisclosure>> RecallsAsync(CancellationToken ct)
    {
        var recalls = await db.Recalls.AsNoTracking().Include(r => r.Item).Include(r => r.Lots).ThenInclude(l => l.Lot)
            .Where(r => !db.Disclosures.Any(d => d.SourceRecallId == r.Id))
            .OrderBy(r => r.Id).ToListAsync(ct);
        return [.. recalls.Select(r =>
        {
            var lots = Cap(string.Join(",", r.Lots.Select(l => l.Lot.LotNumber).Distinct().Order(StringComparer.Ordinal)), 64);
            return new PendingDisclosure($"c:{r.Id}", null, r.RaisedAt, r.Id, (index, _, publishedAt) =>
                new Entry(index, DisclosureKind.Recall, Item(r.Item), null, lots, null, null, null, Cap($"{r.Source}: {r.Reason}", 500),
                        $"recall:{r.Id}", null, r.RaisedAt, publishedAt)
                    .From(recallId: r.Id));
        })];
    }

    private static string Cap(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private async Task LoadReferencesAsync(List<StockMovement> movements, CancellationToken ct)
    {
        _locations = await db.Locations.AsNoTracking().ToDictionaryAsync(l => l.Id, ct);
        var donationIds = Ids(movements, MovementReference.Donation);
        _donations = donationIds.Count == 0 ? []
            : await db.Donations.AsNoTracking().Include(d => d.Donor).Include(d => d.Lines)
                .Where(d => donationIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        var transferIds = Ids(movements, MovementReference.Transfer);
        _transfers = transferIds.Count == 0 ? []
            : await db.Transfers.AsNoTracking().Where(t => transferIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        _transferInMovements = transferIds.Count == 0 ? []
            : (await db.StockMovements.AsNoTracking()
                .Where(m => m.ReferenceType == MovementReference.Transfer && m.Kind == MovementKind.TransferIn && transferIds.Select(i => (long)i).Contains(m.ReferenceId))
                .Select(m => new { m.ReferenceId, m.Id }).ToListAsync(ct))
                .GroupBy(x => (int)x.ReferenceId).ToDictionary(g => g.Key, g => g.Min(x => x.Id));
        var shipmentIds = Ids(movements, MovementReference.Shipment);
        _shipments = shipmentIds.Count == 0 ? []
            : await db.Shipments.AsNoTracking().Include(s => s.Lines)
                .Where(s => shipmentIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);

        // A lot may hold several donors' goods: a hop names every donor of its lot, each as consent allows.
        var lotIds = movements.Where(m => m.ReferenceType is MovementReference.Transfer or MovementReference.Shipment).Select(m => m.LotId).Distinct().ToList();
        var lotLines = lotIds.Count == 0 ? []
            : await db.DonationLines.AsNoTracking().Where(l => l.LotId != null && lotIds.Contains(l.LotId.Value))
                .Select(l => new { LotId = l.LotId!.Value, l.Donation.Donor }).ToListAsync(ct);
        _lotDonors = lotLines.GroupBy(x => x.LotId).ToDictionary(g => g.Key, g => (string?)string.Join("、",
            g.Select(x => x.Donor).DistinctBy(d => d.Id).OrderBy(d => d.Id).Select(d => Entry.DonorDisplayName(d, hop: true)).Distinct()));
    }

    private static List<int> Ids(List<StockMovement> movements, MovementReference type) =>
        movements.Where(m => m.ReferenceType == type).Select(m => (int)m.ReferenceId).Distinct().ToList();

    private DisclosurePlace? Place(int locationId) =>
        _locations.GetValueOrDefault(locationId) is { } l ? new DisclosurePlace(l.Code, l.Name, l.NameEn) : null;

    private static DisclosureItem Item(Item item) => new(item.Code, item.NameZhHant, item.NameZhHans, item.NameEn, item.BaseUnit);
}
