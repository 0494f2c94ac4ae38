using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SupplyTracker.Domain;

public enum MovementKind
{
    DonationAccepted,
    DonationQuarantined,
    QuarantineReleased,
    QuarantineRejected,
    TransferOut,
    TransferIn,
    Adjustment,
    ExpiredWriteOff,
    Consumption,
    Reversal,
    /// <summary>Usable stock leaving the warehouse on a shipment (negative); it is in transit until delivery is confirmed.</summary>
    Dispatch,
    /// <summary>Shipped stock the station accepted (positive, usable, at the station).</summary>
    DeliveryAccepted,
    /// <summary>Shipped stock the station rejected, back at the warehouse in quarantine (positive).</summary>
    DeliveryRejected,
    /// <summary>Usable stock of a recalled lot set aside: a pair, out of usable and into quarantine at the same location.</summary>
    Recalled,
}

/// <summary>Which part of the on-hand stock a movement changes: usable stock or stock held in quarantine.</summary>
public enum StockStatus { Usable, Quarantined }

/// <summary>What caused a movement; with <see cref="StockMovement.ReferenceId"/> it points at the source record.</summary>
public enum MovementReference { Donation, StockAdjustment, Transfer, ConsumptionReport, StockMovement, AllocationRequest, Shipment, StockBalance, StockCount, Recall }

/// <summary>One row of the append-only stock ledger. Never updated or deleted: corrections are reversing movements.</summary>
public sealed class StockMovement
{
    /// <summary>Room for a reason in the user's words (a rejection at delivery, a reversal), not only a code.</summary>
    public const int ReasonMaxLength = 500;

    private StockMovement() { }

    public StockMovement(int locationId, Lot lot, long quantity, StockStatus status, MovementKind kind,
        MovementReference referenceType, long referenceId, string recordedBy, DateTime recordedAt, string? reasonCode = null)
    {
        if (quantity == 0)
            throw new DomainValidationException(nameof(quantity), ErrorCodes.StockMovementZero);
        if (Math.Abs(quantity) > Domain.Quantity.Max)
            throw new DomainValidationException(nameof(quantity), ErrorCodes.FieldAtMost, Domain.Quantity.Max);
        LocationId = locationId;
        Lot = lot;
        ItemId = lot.ItemId;
        Quantity = quantity;
        Status = status;
        Kind = kind;
        ReferenceType = referenceType;
        ReferenceId = referenceId;
        ReasonCode = string.IsNullOrWhiteSpace(reasonCode) ? null
            : reasonCode.Trim().Length <= ReasonMaxLength ? reasonCode.Trim()
            : throw new DomainValidationException("reason", ErrorCodes.FieldTooLong, ReasonMaxLength);
        RecordedBy = Item.Require(recordedBy, nameof(recordedBy), 100);
        // Whole microseconds: what PostgreSQL's timestamptz keeps, so the hashed value is the stored one on every provider.
        RecordedAt = DateTime.SpecifyKind(recordedAt.AddTicks(-(recordedAt.Ticks % TimeSpan.TicksPerMicrosecond)), DateTimeKind.Utc);
    }

    public long Id { get; private set; }
    public int LocationId { get; private set; }
    public int ItemId { get; private set; }
    public int LotId { get; private set; }
    public Lot Lot { get; private set; } = null!;
    /// <summary>Signed change of stock on hand, in the item's base unit.</summary>
    public long Quantity { get; private set; }
    public StockStatus Status { get; private set; }
    public MovementKind Kind { get; private set; }
    public MovementReference ReferenceType { get; private set; }
    public long ReferenceId { get; private set; }
    public string? ReasonCode { get; private set; }
    public string RecordedBy { get; private set; } = "";
    public DateTime RecordedAt { get; private set; }

    /// <summary>Position in the hash chain: 1, 2, 3… without gaps, assigned inside the write transaction.</summary>
    public long Sequence { get; private set; }
    /// <summary>Lower-case hex SHA-256 over <see cref="CanonicalContent"/>.</summary>
    public string Hash { get; private set; } = "";

    /// <summary>The link the first movement chains to.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>Makes this movement the next link after the one with <paramref name="previousHash"/>; done once, before insert.</summary>
    public void Chain(long sequence, string previousHash)
    {
        if (Hash.Length != 0)
            throw new InvalidOperationException("A stock movement is chained once.");
        Sequence = sequence;
        Hash = ComputeHash(previousHash);
    }

    public string ComputeHash(string previousHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalContent(previousHash))));

    /// <summary>
    /// Every field as a netstring ("length:value,"), so no value can shift into its neighbour. The lot is named by its
    /// natural key (item, number) because a lot first seen in this transaction has no id yet.
    /// </summary>
    public string CanonicalContent(string previousHash)
    {
        string[] fields =
        [
            "stock-movement/v1",
            Sequence.ToString(CultureInfo.InvariantCulture),
            LocationId.ToString(CultureInfo.InvariantCulture),
            ItemId.ToString(CultureInfo.InvariantCulture),
            Lot.ItemId.ToString(CultureInfo.InvariantCulture),
            Lot.LotNumber,
            Quantity.ToString(CultureInfo.InvariantCulture),
            Status.ToString(),
            Kind.ToString(),
            ReferenceType.ToString(),
            ReferenceId.ToString(CultureInfo.InvariantCulture),
            ReasonCode ?? "",
            RecordedBy,
            RecordedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            previousHash,
        ];
        var canonical = new StringBuilder();
        foreach (var field in fields)
            canonical.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append(',');
        return canonical.ToString();
    }

    /// <summary>
    /// Whether a reversal may undo this movement. Reversals are final; movements that are a step of a workflow with its
    /// own state (dispatch and delivery of a shipment, the end of a quarantine) are undone by that workflow, not here.
    /// </summary>
    public bool IsReversible => Kind is MovementKind.Adjustment or MovementKind.ExpiredWriteOff or MovementKind.Consumption
        or MovementKind.TransferOut or MovementKind.TransferIn or MovementKind.DonationAccepted or MovementKind.DonationQuarantined;

    /// <summary>Movements posted together with this one that a reversal must undo with it (the other leg of a transfer).</summary>
    public bool HasPartnerLeg => Kind is MovementKind.TransferOut or MovementKind.TransferIn;

    /// <summary>The movement that undoes this one (reason: the user's words, else the kind undone); posting it keeps the ledger append-only.</summary>
    public StockMovement Reverse(string recordedBy, DateTime recordedAt, string? reason = null) =>
        new(LocationId, Lot, -Quantity, Status, MovementKind.Reversal, MovementReference.StockMovement, Id, recordedBy, recordedAt, reason ?? Kind.ToString());
}
