using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SupplyTracker.Data;

/// <summary>
/// Per-connection SQLite settings; WAL itself is persistent and set once at start-up. They live as long as the native
/// connection, which Microsoft.Data.Sqlite's pool hands out again and again, so they run once per native connection
/// instead of once per <c>Open</c> (EF opens a connection per query outside a transaction: one round trip saved each).
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    // NORMAL under WAL survives a process crash (SIGKILL); only power loss can drop the last commits.
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

    private static readonly ConditionalWeakTable<object, object> Configured = new();
    private static readonly object Mark = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!FirstOpen(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!FirstOpen(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>True the first time this native connection is seen (always for a connection without one).</summary>
    private static bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, Mark);
}
