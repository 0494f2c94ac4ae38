using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace SupplyTracker.Tests.Proof;

/// <summary>
/// SHA-256 over every row of every table, read through a raw connection in a fixed order: two equal checksums mean
/// nothing was written in between. Tables that legitimately change on reads or refusals are left out.
/// </summary>
public static class DatabaseChecksum
{
    /// <summary>Idempotency keys are stored for 4xx answers too; tokens record when they were last used.</summary>
    public static readonly IReadOnlySet<string> ChangingOnReads = new HashSet<string>(StringComparer.Ordinal)
    {
        "IdempotencyRecords", "ApiTokens", "sqlite_sequence",
    };

    public static string Compute(string databasePath, IReadOnlySet<string>? excluded = null)
    {
        excluded ??= ChangingOnReads;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
                tables.Add(reader.GetString(0));
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables.Where(t => !excluded.Contains(t)))
        {
            Append(sha, "table:" + table);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                Append(sha, "row");
                for (var i = 0; i < reader.FieldCount; i++)
                    Append(sha, reader.IsDBNull(i) ? "null" : reader.GetValue(i) switch
                    {
                        byte[] blob => "blob:" + Convert.ToHexString(blob),
                        IFormattable f => reader.GetFieldType(i).Name + ":" + f.ToString(null, CultureInfo.InvariantCulture),
                        var v => "text:" + v,
                    });
            }
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void Append(IncrementalHash sha, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        sha.AppendData(BitConverter.GetBytes(bytes.Length));
        sha.AppendData(bytes);
    }
}
