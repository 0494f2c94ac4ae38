using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SupplyTracker.Data;

// `dotnet ef` builds each context here, whatever Database:Provider says; adding a migration opens no connection.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SupplyTrackerDbContext>
{
    public SupplyTrackerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SupplyTrackerDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSupplyTrackerDbContext>
{
    public PostgresSupplyTrackerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSupplyTrackerDbContext>().UseNpgsql("Host=localhost;Database=supplytracker").Options);
}
