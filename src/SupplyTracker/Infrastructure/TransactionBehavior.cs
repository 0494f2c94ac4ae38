using Mediator;
using SupplyTracker.Data;

namespace SupplyTracker.Infrastructure;

/// <summary>
/// The one place a write transaction begins. Every command runs in one (BEGIN IMMEDIATE on SQLite, the shared advisory
/// lock on PostgreSQL, see <see cref="WriteTransaction"/>), so two commands cannot both spend the same stock, even from
/// two app instances. A door that must decide afterwards what is kept (an Idempotency-Key request, a $batch change set)
/// marks the DbContext with a <see cref="HeldWriteTransaction"/>: the first command begins that transaction, later ones
/// join it, and the door commits. A command sent from inside a command joins the open transaction.
/// </summary>
public sealed class TransactionBehavior<TMessage, TResponse>(SupplyTrackerDbContext db)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, ICommand<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (HeldWriteTransaction.Of(db) is { } held)
        {
            await held.JoinAsync(db, cancellationToken);
            try
            {
                return await next(message, cancellationToken);
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        }
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
