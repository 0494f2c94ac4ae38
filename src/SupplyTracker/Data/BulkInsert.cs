using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace SupplyTracker.Data;

/// <summary>
/// New rows written with multi-row parameterised INSERTs in the open transaction, past the change tracker: SaveChanges
/// spends about 50 µs per entity (tracking, one RETURNING per row), which is five seconds for a 100,000-line packing list.
/// Table, columns and value conversions come from the EF model, so both providers write what SaveChanges would; the
/// store-generated key is not read back. No bulk library restores here (EFCore.BulkExtensions is not served).
/// </summary>
public static class BulkInsert
{
    private const int MaxParameters = 30_000;   // under SQLite's 32,766 and PostgreSQL's 65,535
    private const int MaxRowsPerStatement = 500;

    public static async Task InsertAsync<T>(this DbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0) return;
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside the command's write transaction.");
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entity.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never))
            .Select(p => (Property: p, Mapping: p.GetRelationalTypeMapping(),
                Getter: p.IsShadowProperty() ? throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} is a shadow property.") : p.GetGetter()))
            .ToList();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)))}) VALUES ";
        // SQLite: one prepared single-row statement run again and again (no round trips, and Microsoft.Data.Sqlite checks each
        // placeholder against the parameter list, quadratic in a many-row statement). PostgreSQL: many rows per round trip.
        var perStatement = db.Database.IsSqlite() ? 1 : Math.Min(MaxRowsPerStatement, MaxParameters / columns.Count);

        var connection = db.Database.GetDbConnection();
        DbCommand? command = null;
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                if (command is null || command.Parameters.Count != count * columns.Count)
                {
                    if (command is not null) await command.DisposeAsync();
                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = head + string.Join(", ", Enumerable.Range(0, count).Select(r =>
                        "(" + string.Join(", ", columns.Select((_, c) => sql.GenerateParameterNamePlaceholder($"p{r * columns.Count + c}"))) + ")"));
                }
                command.Parameters.Clear();
                for (var r = 0; r < count; r++)
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var (property, mapping, getter) = columns[c];
                        command.Parameters.Add(mapping.CreateParameter(command, sql.GenerateParameterName($"p{r * columns.Count + c}"),
                            getter.GetClrValue(rows[start + r]), property.IsNullable));
                    }
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            if (command is not null) await command.DisposeAsync();
        }
    }
}
