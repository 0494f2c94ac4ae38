using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SupplyTracker.Data;

namespace SupplyTracker.Tests.Support;

/// <summary>
/// A database of its own for one fixture, on the provider the run asks for: <c>SUPPLYTRACKER_TEST_PROVIDER</c> =
/// <c>Sqlite</c> (default: a temp file) or <c>Postgres</c> (a new database, named at random, on the server that
/// <c>SUPPLYTRACKER_TEST_POSTGRES</c> points at, dropped on dispose). The same tests run on both. A new database starts as a
/// copy of one migrated once per test run (a file copy; PostgreSQL's <c>CREATE DATABASE … TEMPLATE</c>): the schema the
/// app's own start-up migration would create, with no rows, so the app's start-up finds nothing to migrate and goes on
/// to its roles and seed as before.
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

    /// <summary>A new database: a copy of the run's migrated template, or with <paramref name="empty"/> one with no schema at all (the app migrates it at start-up, as on a new deployment).</summary>
    public static TestDatabase Create(string purpose, bool empty = false)
    {
        var id = Guid.NewGuid().ToString("N");
        if (!IsPostgres)
        {
            var path = Path.Combine(Path.GetTempPath(), $"supplytracker-{purpose}-{id}.db");
            if (!empty) File.Copy(SqliteTemplate.Value, path);
            return new TestDatabase(path, $"Data Source={path}");
        }

        var name = $"st_{purpose}_{id}".ToLowerInvariant();
        CreatePostgresDatabase(name, empty ? null : PostgresTemplate.Value);
        return new TestDatabase(name, PostgresConnectionString(name));
    }

    private static string PostgresConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, MaxPoolSize = 60, Timeout = 60 }.ConnectionString;

    private static void CreatePostgresDatabase(string name, string? template)
    {
        using var admin = new NpgsqlConnection(ServerConnectionString);
        admin.Open();
        using var create = admin.CreateCommand();
        create.CommandText = template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        // A template cannot be copied while a session is on it (55006); only the server's own workers could be, briefly.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                create.ExecuteNonQuery();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                Thread.Sleep(100 * attempt);
            }
        }
    }

    // The run's migrated, empty database: built on first use, removed when the test process exits.
    private static readonly Lazy<string> SqliteTemplate = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"supplytracker-template-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={path}";
        using (var db = new SupplyTrackerDbContext(new DbContextOptionsBuilder<SupplyTrackerDbContext>()
                   .UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(60)).AddInterceptors(new SqlitePragmas()).Options))
        {
            db.Database.Migrate();
        }
        // One self-contained file to copy: no -wal beside it (the app switches each copy to WAL at start-up, as before).
        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            using var journal = connection.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode=DELETE;";
            journal.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" }) File.Delete(path + suffix);
        };
        return path;
    });

    private static readonly Lazy<string> PostgresTemplate = new(() =>
    {
        var name = $"st_template_{Guid.NewGuid():N}";
        CreatePostgresDatabase(name, template: null);
        var connectionString = PostgresConnectionString(name);
        using (var db = new PostgresSupplyTrackerDbContext(new DbContextOptionsBuilder<PostgresSupplyTrackerDbContext>()
                   .UseNpgsql(connectionString, npgsql => npgsql.CommandTimeout(60)).Options))
        {
            db.Database.Migrate();
        }
        using (var connection = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(connection);
        using (var admin = new NpgsqlConnection(ServerConnectionString))
        {
            admin.Open();
            using var mark = admin.CreateCommand();
            mark.CommandText = $"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS false";
            mark.ExecuteNonQuery();
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                using var admin = new NpgsqlConnection(ServerConnectionString);
                admin.Open();
                using var drop = admin.CreateCommand();
                drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
                drop.ExecuteNonQuery();
            }
            catch (NpgsqlException)
            {
                // A throw-away server goes with the run; on a kept one the template is left (st_template_*).
            }
        };
        return name;
    });

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
