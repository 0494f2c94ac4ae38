using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SupplyTracker.Data;

/// <summary>Per-connection SQLite settings; WAL itself is persistent and set once at start-up.</summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    // NORMAL under WAL survives a process crash (SIGKILL); only power loss can drop the last commits.
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
