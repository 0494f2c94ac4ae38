using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Requests;

/// <summary>
/// Reserves an approved request's stock at its warehouse, lot by lot, earliest expiry first. When the approved demand
/// of all requests still waiting for allocation exceeds what is available, this request gets the share the rationing
/// policy gives it; the rest of each line is reported as short.
/// </summary>
public sealed record AllocateRequest(int RequestId, int? ExpectedVersion) : ICommand<RequestAllocated>;

public sealed record RequestAllocated(int RequestId, int Version, IReadOnlyList<RequestAllocated.Line> Lines)
{
    public sealed record Line(int LineId, int ItemId, long QuantityApproved, long QuantityAllocated, long QuantityShort);
}

public sealed class AllocateRequestHandler(SupplyTrackerDbContext db, CallerContext caller, StockLedger ledger, IOptions<AllocationOptions> options)
    : ICommandHandler<AllocateRequest, RequestAllocated>
{
    public async ValueTask<RequestAllocated> Handle(AllocateRequest command, CancellationToken cancellationToken)
    {
        var request = await db.LoadRequestAsync(caller, command.RequestId, command.ExpectedVersion, cancellationToken);
        request.EnsureCanAllocate();
        var cutoff = request.NeededBy.AddDays(options.Value.ExpiryMarginDays);

        foreach (var line in request.Lines.Where(l => l.QuantityShort > 0))
        {
            var balances = (await ledger.UsableBalancesFefoAsync(request.SourceLocationId, line.ItemId, cancellationToken, request.RequestingLocationId))
                .Where(b => b.Lot.IsEligibleFor(ledger.Today, cutoff)).ToList();
            // Stock donors directed to this station is its own: taken first, outside rationing; the rest of the line
            // competes with the other stations for undirected stock only.
            var directed = balances.Where(b => b.Lot.DirectedToLocationId == request.RequestingLocationId).ToList();
            var open = balances.Where(b => b.Lot.DirectedToLocationId is null).ToList();
            var fromDirected = Math.Min(line.QuantityShort, directed.Sum(b => b.QuantityAvailable));
            var stillShort = line.QuantityShort - fromDirected;
            var rationed = 0L;
            if (stillShort > 0)
            {
                var competing = await CompetingDemandAsync(request, line.ItemId, cancellationToken);
                var mine = new Demand(line.Id, request.Priority, stillShort, request.Id);
                rationed = RationingPolicy.Allocate(open.Sum(b => b.QuantityAvailable), [.. competing, mine], options.Value.Policy)
                    .Single(a => a.LineId == line.Id).Allocated;
            }
            ReserveFefo(directed, line, fromDirected);
            ReserveFefo(open, line, rationed);
            var share = fromDirected + rationed;
            line.RecordAllocation(share);
        }
        request.MarkAllocated();
        await db.SaveChangesAsync(cancellationToken);
        return new RequestAllocated(request.Id, request.Version,
            [.. request.Lines.Select(l => new RequestAllocated.Line(l.Id, l.ItemId, l.QuantityApproved, l.QuantityAllocated, l.QuantityShort))]);
    }

    private void ReserveFefo(List<StockBalance> balances, AllocationRequestLine line, long quantity)
    {
        var remaining = quantity;
        foreach (var balance in balances)
        {
            if (remaining == 0) break;
            var take = Math.Min(remaining, balance.QuantityAvailable);
            ledger.Reserve(balance, line, take);
            remaining -= take;
        }
    }

    /// <summary>Lines of other approved requests on the same warehouse and item that have not been allocated yet.</summary>
    private Task<List<Demand>> CompetingDemandAsync(AllocationRequest request, int itemId, CancellationToken cancellationToken) =>
        db.AllocationRequestLines
            .Where(l => l.ItemId == itemId && l.AllocationRequestId != request.Id && l.QuantityApproved > l.QuantityAllocated
                && l.Request.SourceLocationId == request.SourceLocationId
                && (l.Request.Status == RequestStatus.Approved || l.Request.Status == RequestStatus.PartiallyApproved))
            .Select(l => new Demand(l.Id, l.Request.Priority, l.QuantityApproved - l.QuantityAllocated, l.AllocationRequestId))
            .ToListAsync(cancellationToken);
}
