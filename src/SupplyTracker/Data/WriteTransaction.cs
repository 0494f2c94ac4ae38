using System.Runtime.CompilerServices;
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

/// <summary>
/// The write transaction of an outer door that runs commands and decides afterwards whether their work is kept: an
/// <c>Idempotency-Key</c> request (the key, the command and the stored response commit together) or a <c>$batch</c>
/// change set (every operation or none). The door marks its DbContexts with <see cref="Attach"/>; the transaction itself
/// is begun by <c>TransactionBehavior</c> when the first command runs, so a request that never reaches a command
/// (unauthenticated, forbidden, refused by validation) takes no write lock and writes nothing. Later commands join it;
/// the door commits or rolls back <see cref="Transaction"/> once it has the answer.
/// </summary>
/// <param name="owner">The DbContext whose connection and transaction every attached context shares.</param>
public sealed class HeldWriteTransaction(SupplyTrackerDbContext owner)
{
    private static readonly ConditionalWeakTable<DbContext, HeldWriteTransaction> Marks = new();

    /// <summary>Null until the first command has begun the transaction.</summary>
    public IDbContextTransaction? Transaction { get; private set; }

    /// <summary>Runs once, under the write lock, after the transaction begins and before the first command's handler.</summary>
    public Func<SupplyTrackerDbContext, CancellationToken, Task>? OnBegin { get; init; }

    /// <summary>Makes the commands that <paramref name="db"/> serves join this transaction; call before the context is used.</summary>
    public void Attach(SupplyTrackerDbContext db)
    {
        if (!ReferenceEquals(db, owner))
            db.Database.SetDbConnection(owner.Database.GetDbConnection(), contextOwnsConnection: false);
        Marks.AddOrUpdate(db, this);
    }

    public static HeldWriteTransaction? Of(DbContext db) => Marks.TryGetValue(db, out var held) ? held : null;

    /// <summary>Begins the write transaction if no command has yet, and enlists <paramref name="db"/> in it.</summary>
    public async Task JoinAsync(SupplyTrackerDbContext db, CancellationToken cancellationToken)
    {
        if (Transaction is null)
        {
            Transaction = await owner.Database.BeginWriteTransactionAsync(cancellationToken);
            if (OnBegin is not null) await OnBegin(owner, cancellationToken);
        }
        if (db.Database.CurrentTransaction is null)
            await db.Database.UseTransactionAsync(Transaction.GetDbTransaction(), cancellationToken);
    }
}
