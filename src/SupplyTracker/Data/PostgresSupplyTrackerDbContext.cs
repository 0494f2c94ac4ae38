using Microsoft.EntityFrameworkCore;

namespace SupplyTracker.Data;

/// <summary>
/// The same model on PostgreSQL. A type of its own only so that EF Core keeps PostgreSQL's migrations
/// (Data/Migrations/Postgres) apart from SQLite's (Data/Migrations); the app resolves it as <see cref="SupplyTrackerDbContext"/>.
/// </summary>
public sealed class PostgresSupplyTrackerDbContext(DbContextOptions<PostgresSupplyTrackerDbContext> options) : SupplyTrackerDbContext(options);
