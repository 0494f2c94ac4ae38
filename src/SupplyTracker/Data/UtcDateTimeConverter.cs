using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SupplyTracker.Data;

/// <summary>SQLite stores DateTime as text without a kind; every timestamp here is UTC.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
