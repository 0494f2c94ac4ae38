using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features;

/// <summary>
/// The one place station scope is written down: every query root of a station-scoped set, for queries, handlers and
/// the OData controllers, starts here, so a Station user sees and changes only its own location's rows. A handler that
/// reads one of these sets without going through here is named in StationScopeArchitectureTests with the reason.
/// </summary>
public static class StationScope
{
    public static IQueryable<AllocationRequest> VisibleTo(this IQueryable<AllocationRequest> requests, CallerContext caller) =>
        caller.StationLocationId is { } station ? requests.Where(r => r.RequestingLocationId == station) : requests;

    public static IQueryable<Shipment> VisibleTo(this IQueryable<Shipment> shipments, CallerContext caller) =>
        caller.StationLocationId is { } station ? shipments.Where(s => s.ToLocationId == station) : shipments;

    public static IQueryable<Donation> VisibleTo(this IQueryable<Donation> donations, CallerContext caller) =>
        caller.StationLocationId is { } station ? donations.Where(d => d.ReceivingLocationId == station) : donations;

    public static IQueryable<StockBalance> VisibleTo(this IQueryable<StockBalance> balances, CallerContext caller) =>
        caller.StationLocationId is { } station ? balances.Where(b => b.LocationId == station) : balances;

    public static IQueryable<StockMovement> VisibleTo(this IQueryable<StockMovement> movements, CallerContext caller) =>
        caller.StationLocationId is { } station ? movements.Where(m => m.LocationId == station) : movements;

    public static IQueryable<StockAdjustment> VisibleTo(this IQueryable<StockAdjustment> adjustments, CallerContext caller) =>
        caller.StationLocationId is { } station ? adjustments.Where(a => a.LocationId == station) : adjustments;

    public static IQueryable<ConsumptionReport> VisibleTo(this IQueryable<ConsumptionReport> reports, CallerContext caller) =>
        caller.StationLocationId is { } station ? reports.Where(r => r.LocationId == station) : reports;

    public static IQueryable<Transfer> VisibleTo(this IQueryable<Transfer> transfers, CallerContext caller) =>
        caller.StationLocationId is { } station ? transfers.Where(t => t.FromLocationId == station || t.ToLocationId == station) : transfers;

    /// <summary>A receipt is as visible as its donation.</summary>
    public static IQueryable<DonorReceipt> VisibleTo(this IQueryable<DonorReceipt> receipts, SupplyTrackerDbContext db, CallerContext caller) =>
        caller.StationLocationId is { } station
            ? receipts.Where(r => db.Donations.Any(d => d.Id == r.DonationId && d.ReceivingLocationId == station))
            : receipts;

    /// <summary>The request with its lines, read inside the command's transaction: 404 outside the caller's scope, 412 if the client saw another version.</summary>
    public static async Task<AllocationRequest> LoadRequestAsync(this SupplyTrackerDbContext db, CallerContext caller, int requestId, int? expectedVersion,
        CancellationToken cancellationToken)
    {
        var request = await db.AllocationRequests.VisibleTo(caller).Include(r => r.Lines)
            .FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken)
            ?? throw new NotFoundException(nameof(AllocationRequest), requestId);
        Versions.Check(nameof(AllocationRequest), requestId, request.Version, expectedVersion);
        return request;
    }

    public static async Task<Shipment> LoadShipmentAsync(this SupplyTrackerDbContext db, CallerContext caller, int shipmentId, int? expectedVersion,
        CancellationToken cancellationToken)
    {
        var shipment = await db.Shipments.VisibleTo(caller).AsSplitQuery().Include(s => s.Lines).ThenInclude(l => l.Lot)
            .FirstOrDefaultAsync(s => s.Id == shipmentId, cancellationToken)
            ?? throw new NotFoundException(nameof(Shipment), shipmentId);
        Versions.Check(nameof(Shipment), shipmentId, shipment.Version, expectedVersion);
        return shipment;
    }

    public static async Task<Donation> LoadDonationAsync(this SupplyTrackerDbContext db, CallerContext caller, int donationId, int? expectedVersion,
        CancellationToken cancellationToken)
    {
        var donation = await db.Donations.VisibleTo(caller).AsSplitQuery().Include(d => d.Lines).ThenInclude(l => l.Item).Include(d => d.Lines).ThenInclude(l => l.Lot)
            .FirstOrDefaultAsync(d => d.Id == donationId, cancellationToken)
            ?? throw new NotFoundException(nameof(Donation), donationId);
        Versions.Check(nameof(Donation), donationId, donation.Version, expectedVersion);
        return donation;
    }
}
