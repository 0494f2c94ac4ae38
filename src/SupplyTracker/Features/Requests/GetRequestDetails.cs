using SupplyTracker.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Requests;

/// <summary>
/// One request with its lines, its shipment, the two locations' names and the items; null when it does not exist or is
/// another station's. WithSuggestions adds the suggested quantities while the request still awaits approval.
/// </summary>
public sealed record GetRequestDetails(int Id, bool WithSuggestions = false) : IQuery<RequestDetails?>;

public sealed record RequestDetails(AllocationRequest Request, Shipment? Shipment, string Station, string Warehouse,
    IReadOnlyDictionary<int, Item> Items, IReadOnlyDictionary<int, LineSuggestion> Suggestions);

public sealed class GetRequestDetailsHandler(SupplyTrackerDbContext db, CallerContext scope, IMediator mediator) : IQueryHandler<GetRequestDetails, RequestDetails?>
{
    public async ValueTask<RequestDetails?> Handle(GetRequestDetails query, CancellationToken cancellationToken)
    {
        var request = await db.AllocationRequests.AsNoTracking().VisibleTo(scope).AsSplitQuery().Include(r => r.Lines).ThenInclude(l => l.Pack).FirstOrDefaultAsync(r => r.Id == query.Id, cancellationToken);
        if (request is null) return null;
        var shipment = await db.Shipments.AsNoTracking().VisibleTo(scope).AsSplitQuery().Include(s => s.Lines).ThenInclude(l => l.Lot)
            .FirstOrDefaultAsync(s => s.AllocationRequestId == query.Id, cancellationToken);
        var locations = await db.Locations.AsNoTracking().Where(l => l.Id == request.RequestingLocationId || l.Id == request.SourceLocationId).ToListAsync(cancellationToken);
        var itemIds = request.Lines.Select(l => l.ItemId).ToList();
        var items = await db.Items.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var suggestions = query.WithSuggestions && request.Status is RequestStatus.Submitted or RequestStatus.Approved or RequestStatus.PartiallyApproved
            ? (await mediator.Send(new SuggestQuantities(query.Id), cancellationToken)).ToDictionary(s => s.LineId)
            : new Dictionary<int, LineSuggestion>();
        return new RequestDetails(request, shipment,
            locations.First(l => l.Id == request.RequestingLocationId).DisplayName(), locations.First(l => l.Id == request.SourceLocationId).DisplayName(),
            items, suggestions);
    }
}
