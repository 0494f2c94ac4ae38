using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace SupplyTracker.Infrastructure.Telemetry;

/// <summary>
/// The write transaction as its callers see it, recording how long the write lock was held when it ends: at the commit,
/// the rollback, or the dispose of a transaction neither committed nor rolled back (which rolls it back).
/// <paramref name="onEnd"/> (the in-process write gate's release) runs once, at the same moment.
/// Everything else is the EF transaction's own (savepoints, <c>GetDbTransaction()</c>).
/// </summary>
internal sealed class TimedWriteTransaction(IDbContextTransaction inner, Action? onEnd = null) : IDbContextTransaction, IInfrastructure<DbTransaction>
{
    private readonly long _acquired = Stopwatch.GetTimestamp();
    private int _recorded;

    public Guid TransactionId => inner.TransactionId;
    public bool SupportsSavepoints => inner.SupportsSavepoints;
    DbTransaction IInfrastructure<DbTransaction>.Instance => inner.GetDbTransaction();

    public void Commit()
    {
        inner.Commit();
        Released("commit");
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await inner.CommitAsync(cancellationToken);
        Released("commit");
    }

    public void Rollback()
    {
        inner.Rollback();
        Released("rollback");
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        await inner.RollbackAsync(cancellationToken);
        Released("rollback");
    }

    public void CreateSavepoint(string name) => inner.CreateSavepoint(name);
    public Task CreateSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.CreateSavepointAsync(name, cancellationToken);
    public void RollbackToSavepoint(string name) => inner.RollbackToSavepoint(name);
    public Task RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.RollbackToSavepointAsync(name, cancellationToken);
    public void ReleaseSavepoint(string name) => inner.ReleaseSavepoint(name);
    public Task ReleaseSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.ReleaseSavepointAsync(name, cancellationToken);

    public void Dispose()
    {
        inner.Dispose();
        Released("rollback");
    }

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        Released("rollback");
    }

    private void Released(string outcome)
    {
        if (Interlocked.Exchange(ref _recorded, 1) != 0) return;
        SupplyTrackerMetrics.WriteLockHold.Record(SupplyTrackerMetrics.SecondsSince(_acquired), new KeyValuePair<string, object?>("outcome", outcome));
        onEnd?.Invoke();
    }
}
