namespace SupplyTracker.Tests.Support;

/// <summary>A test of something only SQLite has (its file, its backup API); skipped on the PostgreSQL run.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.IsPostgres) Skip = "SQLite only: on PostgreSQL, back up with pg_dump.";
    }
}
