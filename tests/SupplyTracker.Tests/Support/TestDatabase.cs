using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;
using SupplyTracker.Data;

namespace SupplyTracker.Tests.Support;

/// <summary>
/// A database of its own for one fixture, on the provider the run asks for: <c>SUPPLYTRACKER_TEST_PROVIDER</c> =
/// <c>Sqlite</c> (default: a temp file) or <c>Postgres</c> (a new database, named at random, on the server that
/// <c>SUPPLYTRACKER_TEST_POSTGRES</c> points at, dropped on dispose). The same tests run on both.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string ProviderVariable = "SUPPLYTRACKER_TEST_PROVIDER";
    public const string PostgresVariable = "SUPPLYTRACKER_TEST_POSTGRES";

    public static DatabaseProvider Provider { get; } = Enum.Parse<DatabaseProvider>(
        Environment.GetEnvironmentVariable(ProviderVariable) is { Length: > 0 } value ? value : nameof(DatabaseProvider.Sqlite), ignoreCase: true);

    public static bool IsPostgres => Provider == DatabaseProvider.Postgres;

    private int _disposed;

    private TestDatabase(string name, string connectionString, DatabaseProvider? provider = null)
    {
        Name = name;
        ConnectionString = connectionString;
        DatabaseProvider = provider ?? Provider;
    }

    /// <summary>This database's provider: the run's, or SQLite for <see cref="SqliteFile"/>.</summary>
    public DatabaseProvider DatabaseProvider { get; }

    /// <summary>The SQLite file's path, or the PostgreSQL database's name.</summary>
    public string Name { get; }

    public string ConnectionString { get; }

    public static TestDatabase Create(string purpose)
    {
        var id = Guid.NewGuid().ToString("N");
        if (!IsPostgres)
        {
            var path = Path.Combine(Path.GetTempPath(), $"supplytracker-{purpose}-{id}.db");
            return new TestDatabase(path, $"Data Source={path}");
        }

        var name = $"st_{purpose}_{id}".ToLowerInvariant();
        using (var admin = new NpgsqlConnection(ServerConnectionString))
        {
            admin.Open();
            using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\"";
            create.ExecuteNonQuery();
        }
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, MaxPoolSize = 60, Timeout = 60 };
        return new TestDatabase(name, builder.ConnectionString);
    }

    /// <summary>A SQLite file at a given path (e.g. a backup's), whatever provider the run asks for.</summary>
    public static TestDatabase SqliteFile(string path) => new(path, $"Data Source={path}", DatabaseProvider.Sqlite);

    private static string ServerConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException($"{ProviderVariable}=Postgres needs {PostgresVariable} (a connection string to a server where the user may CREATE DATABASE).");

    /// <summary>Points the app under test at this database.</summary>
    public void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting(DatabaseSetup.ProviderKey, DatabaseProvider.ToString());
        builder.UseSetting("ConnectionStrings:SupplyTracker", ConnectionString);
    }

    /// <summary>The same, as command-line arguments for the app's verbs.</summary>
    public string[] HostArgs => [$"--{DatabaseSetup.ProviderKey}={DatabaseProvider}", $"--ConnectionStrings:SupplyTracker={ConnectionString}"];

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (DatabaseProvider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(Name + suffix);
            return;
        }
        using var admin = new NpgsqlConnection(ServerConnectionString);
        admin.Open();
        using var drop = admin.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)";
        // FORCE cannot end a server-owned backend (an autovacuum worker on the database: 42501); the throw-away cluster
        // goes with the run, so a database that cannot be dropped after a few tries is left, not a failed test.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                drop.ExecuteNonQuery();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                if (attempt == 5) return;
            }
        }
    }
}
