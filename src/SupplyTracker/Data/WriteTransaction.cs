using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
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
        // Writers of this process queue here and await: the database's own lock (SQLite's busy handler, PostgreSQL's
        // advisory lock) is then only ever contended by another process, and no waiter blocks a pool thread.
        var lease = await WriteGate.EnterAsync(database.GetDbConnection(), cancellationToken);
        IDbContextTransaction? transaction = null;
        try
        {
            transaction = await database.BeginTransactionAsync(cancellationToken);
            if (database.IsNpgsql()) await database.ExecuteSqlRawAsync(TakeWriteLock, cancellationToken);
            return Acquired(transaction, asked, lease, database.GetDbConnection());
        }
        catch
        {
            if (transaction is not null) await transaction.DisposeAsync();
            lease?.Release();
            throw;
        }
    }

    /// <summary>Telemetry: the wait for the lock now, the time holding it when the transaction ends.</summary>
    private static TimedWriteTransaction Acquired(IDbContextTransaction transaction, long asked, WriteGate.Lease? lease, DbConnection connection)
    {
        SupplyTrackerMetrics.WriteLockWait.Record(SupplyTrackerMetrics.SecondsSince(asked));
        lease?.ReleaseWhenClosed(connection);
        return new TimedWriteTransaction(transaction, lease is null ? null : lease.Release);
    }
}

/// <summary>
/// The in-process half of the write lock: one <see cref="SemaphoreSlim"/> per database (SQLite file, PostgreSQL
/// server and database) in front of <c>BEGIN IMMEDIATE</c> or the advisory lock. Without it, SQLite writers waiting for
/// each other sit in Microsoft.Data.Sqlite's synchronous busy-retry loop, one blocked pool thread each (the profile's
/// top frame, <c>SqliteDataReader.NextResult</c>). A lease ends with its transaction (commit, rollback, dispose) or,
/// failing that, when its connection closes (a DbContext disposed with the transaction still open). A writer that
/// waits longer than SQLite's busy timeout goes on without a lease and meets the database's own lock, as before.
/// </summary>
internal static class WriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async ValueTask<Lease?> EnterAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd(KeyOf(connection), static _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(Patience, cancellationToken) ? new Lease(gate) : null;
    }

    /// <summary>For tests: no writer of this process holds or waits for <paramref name="connection"/>'s database.</summary>
    internal static bool IsFree(DbConnection connection) =>
        !Gates.TryGetValue(KeyOf(connection), out var gate) || gate.CurrentCount == 1;

    private static string KeyOf(DbConnection connection) => connection is SqliteConnection
        ? "sqlite|" + Path.GetFullPath(new SqliteConnectionStringBuilder(connection.ConnectionString).DataSource)
        : $"{connection.GetType().FullName}|{connection.DataSource}|{connection.Database}";

    public sealed class Lease(SemaphoreSlim gate)
    {
        private int _released;
        private DbConnection? _connection;

        public void ReleaseWhenClosed(DbConnection connection)
        {
            _connection = connection;
            connection.StateChange += OnStateChange;
        }

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            if (_connection is { } connection) connection.StateChange -= OnStateChange;
            gate.Release();
        }

        private void OnStateChange(object? sender, StateChangeEventArgs e)
        {
            if (e.CurrentState == ConnectionState.Closed) Release();
        }
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
