using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Requests;

/// <summary>The station sends its draft to the warehouse for a decision.</summary>
public sealed record SubmitRequest(int RequestId, int? ExpectedVersion) : ICommand<int>;

public sealed class SubmitRequestHandler(SupplyTrackerDbContext db, CallerContext caller, StockLedger ledger) : ICommandHandler<SubmitRequest, int>
{
    public async ValueTask<int> Handle(SubmitRequest command, CancellationToken cancellationToken)
    {
        var request = await db.LoadRequestAsync(caller, command.RequestId, command.ExpectedVersion, cancellationToken);
        request.Submit(ledger.Now);
        await db.SaveChangesAsync(cancellationToken);
        return request.Version;
    }
}
