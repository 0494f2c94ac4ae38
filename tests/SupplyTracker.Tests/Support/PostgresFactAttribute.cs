namespace SupplyTracker.Tests.Support;

/// <summary>A test of something only PostgreSQL has; skipped on the SQLite run.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres) Skip = $"PostgreSQL only: run with {TestDatabase.ProviderVariable}=Postgres (scripts/with-postgres).";
    }
}
