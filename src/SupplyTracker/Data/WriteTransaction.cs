using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SupplyTracker.Infrastructure.Telemetry;

namespace SupplyTracker.Data;

/// <summary>
/// One writer at a time, on either provider, so that the ledger's hash chain, shipment and receipt numbers and every
/// balance are decided on the latest committed state. SQLite: <c>BEGIN IMMEDIATE</c> (Microsoft.Data.Sqlite's default).
/// PostgreSQL: a transaction whose first statement takes a transaction-scoped advisory lock that every app instance on
/// the database shares, released by the commit or rollback. Reads take no lock and run in parallel.
/// </summary>
public static class WriteTransaction
{
    /// <summary>The advisory lock key of the write lock: "SUPPLY" in ASCII (0x535550504C59).</summary>
    public const string WriteLockKey = "91625884765273";

    /// <summary>The key of the session lock that start-up holds around migrating and seeding.</summary>
    public const string StartupLockKey = "91625884765274";

    private const string TakeWriteLock = $"SELECT pg_advisory_xact_lock({WriteLockKey})";
    internal const string TakeStartupLock = $"SELECT pg_advisory_lock({StartupLockKey})";
    internal const string ReleaseStartupLock = $"SELECT pg_advisory_unlock({StartupLockKey})";

    public static async Task<IDbContextTransaction> BeginWriteTransactionAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        var asked = System.Diagnostics.Stopwatch.GetTimestamp();
        var transaction = await database.BeginTransactionAsync(cancellationToken);
        if (!database.IsNpgsql()) return Acquired(transaction, asked);
        try
        {
            await database.ExecuteSqlRawAsync(TakeWriteLock, cancellationToken);
            return Acquired(transaction, asked);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>Telemetry: the wait for the lock now, the time holding it when the transaction ends.</summary>
    private static TimedWriteTransaction Acquired(IDbContextTransaction transaction, long asked)
    {
        SupplyTrackerMetrics.WriteLockWait.Record(SupplyTrackerMetrics.SecondsSince(asked));
        return new TimedWriteTransaction(transaction);
    }
}
