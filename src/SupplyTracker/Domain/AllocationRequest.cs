namespace SupplyTracker.Domain;

public enum RequestStatus { Draft, Submitted, Approved, PartiallyApproved, Rejected, Allocated, Dispatched, Delivered, Closed, Cancelled }

/// <summary>Urgent is served before High, High before Normal.</summary>
public enum RequestPriority { Urgent, High, Normal }

/// <summary>A station's request for supplies from a warehouse, from draft to confirmed delivery.</summary>
public sealed class AllocationRequest
{
    public const int JustificationMaxLength = 1000;
    public const int ReasonMaxLength = 500;

    private readonly List<AllocationRequestLine> _lines = [];

    private AllocationRequest() { }

    public AllocationRequest(string number, Location requestingLocation, Location sourceLocation, RequestPriority priority, string? justification,
        DateOnly neededBy, string createdBy, DateTime createdAt)
    {
        Number = Item.Require(number, nameof(number), 32);
        if (requestingLocation.Kind == LocationKind.Warehouse)
            throw new DomainValidationException("requestingLocationId", ErrorCodes.RequestRequesterNotStation);
        if (sourceLocation.Kind != LocationKind.Warehouse)
            throw new DomainValidationException("sourceLocationId", ErrorCodes.RequestSourceNotWarehouse);
        RequestingLocationId = requestingLocation.Id;
        SourceLocationId = sourceLocation.Id;
        SetDraftFields(priority, justification, neededBy);
        CreatedBy = Item.Require(createdBy, nameof(createdBy), 100);
        CreatedAt = DateTime.SpecifyKind(createdAt, DateTimeKind.Utc);
        Status = RequestStatus.Draft;
    }

    public int Id { get; private set; }
    /// <summary>RQ-yyyy-nnnnnn, numbered per year of the deployment's local calendar.</summary>
    public string Number { get; private set; } = "";
    public int RequestingLocationId { get; private set; }
    public int SourceLocationId { get; private set; }
    public RequestPriority Priority { get; private set; }
    public string? Justification { get; private set; }
    public DateOnly NeededBy { get; private set; }
    public RequestStatus Status { get; private set; }
    /// <summary>Why the request was rejected or cancelled.</summary>
    public string? StatusReason { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime? SubmittedAt { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public int Version { get; private set; }
    public IReadOnlyList<AllocationRequestLine> Lines => _lines;

    public static string FormatNumber(int year, int sequence) => $"RQ-{year:D4}-{sequence:D6}";

    /// <summary>Before dispatch nothing has left the warehouse, so the request can still be called off.</summary>
    public bool CanBeCancelled => Status is RequestStatus.Draft or RequestStatus.Submitted or RequestStatus.Approved
        or RequestStatus.PartiallyApproved or RequestStatus.Allocated;

    public bool AwaitsAllocation => Status is RequestStatus.Approved or RequestStatus.PartiallyApproved;

    /// <param name="pack">The pack the station counted in (<paramref name="quantityRequested"/> is already in base units); shown as "20 箱 × 50 = 1,000 只".</param>
    public AllocationRequestLine AddLine(Item item, long quantityRequested, Pack? pack = null)
    {
        EnsureStatus("given new lines", RequestStatus.Draft);
        if (_lines.Any(l => l.ItemId == item.Id))
            throw new DomainValidationException("lines", ErrorCodes.RequestItemRepeated, item.Code);
        var line = new AllocationRequestLine(this, _lines.Count + 1, item.Id, quantityRequested, pack);
        _lines.Add(line);
        return line;
    }

    public void EditDraft(RequestPriority priority, string? justification, DateOnly neededBy)
    {
        EnsureStatus("edited", RequestStatus.Draft);
        SetDraftFields(priority, justification, neededBy);
        Version++;
    }

    public void Submit(DateTime now)
    {
        EnsureStatus("submitted", RequestStatus.Draft);
        if (_lines.Count == 0)
            throw new DomainRuleException("lines", ErrorCodes.RequestNoLines);
        Status = RequestStatus.Submitted;
        SubmittedAt = DateTime.SpecifyKind(now, DateTimeKind.Utc);
        Version++;
    }

    /// <summary>Approves every line at the given quantity: all in full is Approved, anything less PartiallyApproved.</summary>
    public void Approve(IReadOnlyDictionary<int, long> approvedByLineId, string by, DateTime at)
    {
        EnsureStatus("approved", RequestStatus.Submitted);
        foreach (var lineId in approvedByLineId.Keys.Where(id => _lines.All(l => l.Id != id)))
            throw new DomainValidationException("lines", ErrorCodes.RequestLineUnknown, lineId, Id);
        foreach (var line in _lines)
        {
            if (!approvedByLineId.TryGetValue(line.Id, out var approved))
                throw new DomainValidationException("lines", ErrorCodes.RequestApprovalMissing, line.LineNumber);
            line.Approve(approved);
        }
        if (_lines.All(l => l.QuantityApproved == 0))
            throw new DomainRuleException("quantityApproved", ErrorCodes.RequestApprovingNothing);
        Status = _lines.All(l => l.QuantityApproved == l.QuantityRequested) ? RequestStatus.Approved : RequestStatus.PartiallyApproved;
        Decided(by, at);
    }

    public void Reject(string? reason, string by, DateTime at)
    {
        EnsureStatus("rejected", RequestStatus.Submitted);
        StatusReason = Item.Require(reason, "reason", ReasonMaxLength);
        Status = RequestStatus.Rejected;
        Decided(by, at);
    }

    public void EnsureCanAllocate()
    {
        if (!AwaitsAllocation)
            throw new DomainRuleException("status", ErrorCodes.RequestNotAllocatable, Id, Status);
    }

    /// <summary>Called once the lines' allocations are recorded; refuses an allocation that reserved nothing at all.</summary>
    public void MarkAllocated()
    {
        EnsureCanAllocate();
        if (_lines.All(l => l.QuantityAllocated == 0))
            throw new DomainRuleException("quantityAllocated", ErrorCodes.RequestNothingAllocated, Id);
        Status = RequestStatus.Allocated;
        Version++;
    }

    /// <summary>A recalled lot's reservation was released: the line loses that allocation and the request can be allocated again.</summary>
    public void WithdrawRecalledAllocation(int lineId, long quantity)
    {
        Line(lineId).WithdrawAllocation(quantity);
        if (Status == RequestStatus.Allocated)
            Status = _lines.All(l => l.QuantityApproved == l.QuantityRequested) ? RequestStatus.Approved : RequestStatus.PartiallyApproved;
        Version++;
    }

    public void Cancel(string? reason)
    {
        if (!CanBeCancelled)
            throw new DomainRuleException("status", ErrorCodes.RequestNotCancellable, Id, Status);
        StatusReason = string.IsNullOrWhiteSpace(reason) ? null : Item.Require(reason, "reason", ReasonMaxLength);
        Status = RequestStatus.Cancelled;
        Version++;
    }

    public void EnsureCanDispatch()
    {
        if (Status != RequestStatus.Allocated)
            throw Status is RequestStatus.Dispatched or RequestStatus.Delivered or RequestStatus.Closed
                ? new DomainRuleException("status", ErrorCodes.RequestAlreadyDispatched, Id)
                : new DomainRuleException("status", ErrorCodes.RequestNotDispatchable, Id, Status);
    }

    public void MarkDispatched()
    {
        EnsureCanDispatch();
        foreach (var line in _lines) line.Dispatch();
        Status = RequestStatus.Dispatched;
        Version++;
    }

    public void MarkDelivered()
    {
        EnsureStatus("marked delivered", RequestStatus.Dispatched);
        Status = RequestStatus.Delivered;
        Version++;
    }

    public void Close()
    {
        EnsureStatus("closed", RequestStatus.Delivered);
        Status = RequestStatus.Closed;
        Version++;
    }

    public AllocationRequestLine Line(int lineId) =>
        _lines.SingleOrDefault(l => l.Id == lineId) ?? throw new NotFoundException(nameof(AllocationRequestLine), lineId);


    private void Decided(string by, DateTime at)
    {
        DecidedBy = Item.Require(by, "decidedBy", 100);
        DecidedAt = DateTime.SpecifyKind(at, DateTimeKind.Utc);
        Version++;
    }

    private void SetDraftFields(RequestPriority priority, string? justification, DateOnly neededBy)
    {
        if (!Enum.IsDefined(priority))
            throw new DomainValidationException(nameof(priority), ErrorCodes.RequestFieldInvalid);
        Priority = priority;
        Justification = string.IsNullOrWhiteSpace(justification) ? null
            : justification.Trim().Length <= JustificationMaxLength ? justification.Trim()
            : throw new DomainValidationException(nameof(justification), ErrorCodes.FieldTooLong, JustificationMaxLength);
        NeededBy = neededBy;
    }

    private void EnsureStatus(string verb, RequestStatus expected)
    {
        if (Status != expected)
            throw new DomainRuleException("status", ErrorCodes.RequestWrongStatus, Id, Status, expected);
    }
}

/// <summary>One item of a request and what became of it at each step.</summary>
public sealed class AllocationRequestLine
{
    private AllocationRequestLine() { }

    internal AllocationRequestLine(AllocationRequest request, int lineNumber, int itemId, long quantityRequested, Pack? pack = null)
    {
        if (pack is not null && (pack.ItemId != itemId || quantityRequested % pack.Quantity != 0))
            throw new InvalidOperationException("A request line counted in packs names one of its item's packs and holds a whole number of them.");
        PackId = pack?.Id;
        Pack = pack;
        Request = request;
        LineNumber = lineNumber;
        ItemId = itemId;
        QuantityRequested = Quantity.Ensure(quantityRequested, "quantityRequested");
    }

    public int Id { get; private set; }
    public int AllocationRequestId { get; private set; }
    public AllocationRequest Request { get; private set; } = null!;
    public int LineNumber { get; private set; }
    public int ItemId { get; private set; }
    public long QuantityRequested { get; private set; }
    /// <summary>The pack the station counted in, if any (the quantities stay in base units).</summary>
    public int? PackId { get; private set; }
    public Pack? Pack { get; private set; }
    public long QuantityApproved { get; private set; }
    public long QuantityAllocated { get; private set; }
    public long QuantityDispatched { get; private set; }
    public long QuantityAccepted { get; private set; }
    public long QuantityRejected { get; private set; }
    public string? RejectionReason { get; private set; }

    /// <summary>Approved but not allocated: what the warehouse could not cover.</summary>
    public long QuantityShort => QuantityApproved - QuantityAllocated;

    internal void Approve(long approved)
    {
        if (approved < 0)
            throw new DomainValidationException("quantityApproved", ErrorCodes.RequestLineNegative, LineNumber);
        if (approved > QuantityRequested)
            throw new DomainRuleException("quantityApproved", ErrorCodes.RequestOverApproved, LineNumber, approved, QuantityRequested);
        QuantityApproved = approved;
    }

    public void RecordAllocation(long quantity)
    {
        if (quantity < 0 || QuantityAllocated + quantity > QuantityApproved)
            throw new DomainRuleException("quantityAllocated", ErrorCodes.RequestOverAllocated, LineNumber, quantity, QuantityAllocated, QuantityApproved);
        QuantityAllocated += quantity;
    }

    internal void WithdrawAllocation(long quantity)
    {
        if (quantity < 0 || quantity > QuantityAllocated)
            throw new DomainRuleException("quantityAllocated", ErrorCodes.RecallAllocationWithdrawn, LineNumber, quantity, QuantityAllocated);
        QuantityAllocated -= quantity;
    }

    internal void Dispatch() => QuantityDispatched = QuantityAllocated;

    public void RecordDelivery(long accepted, long rejected, string? reason)
    {
        if (accepted < 0 || rejected < 0)
            throw new DomainValidationException("quantityAccepted", ErrorCodes.RequestQuantitiesNegative);
        if (QuantityAccepted + QuantityRejected + accepted + rejected > QuantityDispatched)
            throw new DomainRuleException("quantityAccepted", ErrorCodes.RequestOverConfirmed, LineNumber, accepted + rejected,
                QuantityDispatched - QuantityAccepted - QuantityRejected, QuantityDispatched);
        QuantityAccepted += accepted;
        QuantityRejected += rejected;
        if (rejected > 0)
        {
            var combined = RejectionReason is null ? reason : $"{RejectionReason}; {reason}";
            RejectionReason = combined?.Length > AllocationRequest.ReasonMaxLength ? combined[..AllocationRequest.ReasonMaxLength] : combined;
        }
    }
}
