using Mediator;
using SupplyTracker.Data;

namespace SupplyTracker.Infrastructure;

/// <summary>
/// Every command runs in one write transaction (BEGIN IMMEDIATE on SQLite, the shared advisory lock on PostgreSQL, see
/// <see cref="WriteTransaction"/>), so two commands cannot both spend the same stock, even from two app instances.
/// An outer transaction (a $batch changeset) is joined rather than nested.
/// </summary>
public sealed class TransactionBehavior<TMessage, TResponse>(SupplyTrackerDbContext db)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, ICommand<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
            return await next(message, cancellationToken);

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        try
        {
            var response = await next(message, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return response;
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }
}
