namespace SupplyTracker.Domain;

public enum ShipmentStatus { InTransit, Delivered }

/// <summary>
/// What left the warehouse for one request, lot by lot. While in transit the stock is in no balance: it is the
/// shipment's lines that say where it is until the station confirms delivery.
/// </summary>
public sealed class Shipment
{
    private readonly List<ShipmentLine> _lines = [];

    private Shipment() { }

    public Shipment(string number, AllocationRequest request, string dispatchedBy, DateTime dispatchedAt)
    {
        Number = Item.Require(number, nameof(number), 32);
        AllocationRequestId = request.Id;
        FromLocationId = request.SourceLocationId;
        ToLocationId = request.RequestingLocationId;
        DispatchedBy = Item.Require(dispatchedBy, nameof(dispatchedBy), 100);
        DispatchedAt = DateTime.SpecifyKind(dispatchedAt, DateTimeKind.Utc);
        Status = ShipmentStatus.InTransit;
    }

    public int Id { get; private set; }
    /// <summary>SH-yyyy-nnnnnn, numbered per year.</summary>
    public string Number { get; private set; } = "";
    public int AllocationRequestId { get; private set; }
    public int FromLocationId { get; private set; }
    public int ToLocationId { get; private set; }
    public ShipmentStatus Status { get; private set; }
    public string DispatchedBy { get; private set; } = "";
    public DateTime DispatchedAt { get; private set; }
    public string? ConfirmedBy { get; private set; }
    public DateTime? DeliveredAt { get; private set; }
    public int Version { get; private set; }
    public IReadOnlyList<ShipmentLine> Lines => _lines;

    public static string FormatNumber(int year, int sequence) => $"SH-{year:D4}-{sequence:D6}";

    public ShipmentLine AddLine(AllocationRequestLine requestLine, Lot lot, long quantity)
    {
        if (Status != ShipmentStatus.InTransit || Id != 0)
            throw new InvalidOperationException("Lines are added while the shipment is being dispatched.");
        var line = new ShipmentLine(this, _lines.Count + 1, requestLine, lot, quantity);
        _lines.Add(line);
        return line;
    }

    public ShipmentLine Line(int lineId) =>
        _lines.SingleOrDefault(l => l.Id == lineId) ?? throw new DomainValidationException("lines", ErrorCodes.ShipmentLineUnknown, lineId, Number);

    /// <summary>Records what the station found in one line; the shipment is Delivered once every line is confirmed.</summary>
    public void Confirm(ShipmentLine line, long accepted, long rejected, string? reason, string by, DateTime at)
    {
        if (Status != ShipmentStatus.InTransit)
            throw new DomainRuleException("status", ErrorCodes.ShipmentAlreadyConfirmed, Number, Status);
        line.Confirm(accepted, rejected, reason);
        ConfirmedBy = Item.Require(by, "confirmedBy", 100);
        if (_lines.All(l => l.IsConfirmed))
        {
            Status = ShipmentStatus.Delivered;
            DeliveredAt = DateTime.SpecifyKind(at, DateTimeKind.Utc);
        }
        Version++;
    }
}

public sealed class ShipmentLine
{
    private ShipmentLine() { }

    internal ShipmentLine(Shipment shipment, int lineNumber, AllocationRequestLine requestLine, Lot lot, long quantity)
    {
        Shipment = shipment;
        LineNumber = lineNumber;
        AllocationRequestLineId = requestLine.Id;
        ItemId = lot.ItemId;
        Lot = lot;
        LotId = lot.Id;
        Quantity = Domain.Quantity.Ensure(quantity);
    }

    public int Id { get; private set; }
    public int ShipmentId { get; private set; }
    public Shipment Shipment { get; private set; } = null!;
    public int LineNumber { get; private set; }
    public int AllocationRequestLineId { get; private set; }
    public int ItemId { get; private set; }
    public int LotId { get; private set; }
    public Lot Lot { get; private set; } = null!;
    public long Quantity { get; private set; }
    public bool IsConfirmed { get; private set; }
    public long QuantityAccepted { get; private set; }
    public long QuantityRejected { get; private set; }
    public string? RejectionReason { get; private set; }

    internal void Confirm(long accepted, long rejected, string? reason)
    {
        if (IsConfirmed)
            throw new DomainRuleException("lines", ErrorCodes.ShipmentLineConfirmed, LineNumber);
        if (accepted < 0 || rejected < 0)
            throw new DomainValidationException("quantityAccepted", ErrorCodes.ShipmentLineNegative, LineNumber);
        if (accepted + rejected > Quantity)
            throw new DomainRuleException("quantityAccepted", ErrorCodes.ShipmentOverCounted, LineNumber, accepted, rejected, Quantity);
        if (accepted + rejected < Quantity)
            throw new DomainRuleException("quantityAccepted", ErrorCodes.ShipmentUnderCounted, LineNumber, accepted, rejected, Quantity - accepted - rejected, Quantity);
        RejectionReason = rejected > 0 ? Item.Require(reason, "reason", AllocationRequest.ReasonMaxLength) : null;
        QuantityAccepted = accepted;
        QuantityRejected = rejected;
        IsConfirmed = true;
    }
}
