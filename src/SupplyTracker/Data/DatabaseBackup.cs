using Microsoft.Data.Sqlite;

namespace SupplyTracker.Data;

public sealed record BackupTaken(string Path, long Bytes, long Movements);

/// <summary>
/// An online backup through SQLite's backup API: one consistent snapshot of the live database (WAL included) while
/// the service keeps writing, copied to a temporary file, checked, then renamed into place.
/// </summary>
public static class DatabaseBackup
{
    public static async Task<BackupTaken> TakeAsync(string connectionString, string destination, CancellationToken cancellationToken)
    {
        var source = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        if (!File.Exists(source.DataSource))
            throw new FileNotFoundException($"There is no database at '{source.DataSource}'.", source.DataSource);
        destination = Path.GetFullPath(destination);
        if (File.Exists(destination))
            throw new IOException($"'{destination}' already exists; a backup never overwrites a file.");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);

        var partial = destination + ".partial";
        File.Delete(partial);
        var target = new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString();
        try
        {
            await using (var live = new SqliteConnection(source.ToString()))
            await using (var copy = new SqliteConnection(target))
            {
                await live.OpenAsync(cancellationToken);
                await using (var wait = live.CreateCommand())
                {
                    // The service holds write transactions briefly; wait for one rather than fail.
                    wait.CommandText = "PRAGMA busy_timeout=30000;";
                    await wait.ExecuteNonQueryAsync(cancellationToken);
                }
                await copy.OpenAsync(cancellationToken);
                // All pages in one step under one read transaction: a consistent snapshot, never a torn one.
                live.BackupDatabase(copy);
                await Scalar(copy, "PRAGMA journal_mode=DELETE;", cancellationToken);
            }
            var movements = await CheckAsync(target, cancellationToken);
            File.Move(partial, destination);
            return new BackupTaken(destination, new FileInfo(destination).Length, movements);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static async Task<long> CheckAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var integrity = (string?)await Scalar(connection, "PRAGMA integrity_check;", cancellationToken);
        if (integrity != "ok")
            throw new InvalidDataException($"The backup failed its integrity check: {integrity}");
        return (long)(await Scalar(connection, "SELECT count(*) FROM \"StockMovements\";", cancellationToken) ?? 0L);
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
