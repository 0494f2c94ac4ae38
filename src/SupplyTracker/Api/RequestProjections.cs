using SupplyTracker.Domain;

namespace SupplyTracker.Api;

/// <summary>Requests and shipments as DTOs; the callers pass query roots already narrowed to what the user may see.</summary>
public static class RequestProjections
{
    public static IQueryable<AllocationRequestDto> ToDtos(this IQueryable<AllocationRequest> requests) => requests.Select(r => new AllocationRequestDto
    {
        Id = r.Id, Number = r.Number, RequestingLocationId = r.RequestingLocationId, SourceLocationId = r.SourceLocationId, Priority = r.Priority,
        Justification = r.Justification, NeededBy = r.NeededBy, Status = r.Status, StatusReason = r.StatusReason, CreatedBy = r.CreatedBy,
        CreatedAt = r.CreatedAt, SubmittedAt = r.SubmittedAt, DecidedBy = r.DecidedBy, DecidedAt = r.DecidedAt, Version = r.Version,
        Lines = r.Lines.OrderBy(l => l.LineNumber).Select(l => new AllocationRequestLineDto
        {
            Id = l.Id, LineNumber = l.LineNumber, ItemId = l.ItemId, QuantityRequested = l.QuantityRequested, QuantityApproved = l.QuantityApproved,
            QuantityAllocated = l.QuantityAllocated, QuantityShort = l.QuantityApproved - l.QuantityAllocated, QuantityDispatched = l.QuantityDispatched,
            QuantityAccepted = l.QuantityAccepted, QuantityRejected = l.QuantityRejected, RejectionReason = l.RejectionReason,
            PackId = l.PackId, PackCount = l.Pack == null ? null : l.QuantityRequested / l.Pack.Quantity,
        }).ToList(),
    });

    public static IQueryable<ShipmentDto> ToDtos(this IQueryable<Shipment> shipments) => shipments.Select(s => new ShipmentDto
    {
        Id = s.Id, Number = s.Number, AllocationRequestId = s.AllocationRequestId, FromLocationId = s.FromLocationId, ToLocationId = s.ToLocationId,
        Status = s.Status, DispatchedBy = s.DispatchedBy, DispatchedAt = s.DispatchedAt, ConfirmedBy = s.ConfirmedBy, DeliveredAt = s.DeliveredAt,
        Version = s.Version,
        Lines = s.Lines.OrderBy(l => l.LineNumber).Select(l => new ShipmentLineDto
        {
            Id = l.Id, LineNumber = l.LineNumber, AllocationRequestLineId = l.AllocationRequestLineId, ItemId = l.ItemId, LotId = l.LotId,
            LotNumber = l.Lot.LotNumber, ExpiresOn = l.Lot.ExpiresOn, Quantity = l.Quantity, IsConfirmed = l.IsConfirmed,
            QuantityAccepted = l.QuantityAccepted, QuantityRejected = l.QuantityRejected, RejectionReason = l.RejectionReason,
        }).ToList(),
    });
}
