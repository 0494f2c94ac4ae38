using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Requests;

/// <summary>Files a delivered request away; nothing about it changes after this.</summary>
public sealed record CloseRequest(int RequestId, int? ExpectedVersion) : ICommand<int>;

public sealed class CloseRequestHandler(SupplyTrackerDbContext db, CallerContext caller) : ICommandHandler<CloseRequest, int>
{
    public async ValueTask<int> Handle(CloseRequest command, CancellationToken cancellationToken)
    {
        var request = await db.LoadRequestAsync(caller, command.RequestId, command.ExpectedVersion, cancellationToken);
        request.Close();
        await db.SaveChangesAsync(cancellationToken);
        return request.Version;
    }
}
