using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;

namespace SupplyTracker.Features.Disclosure;

/// <summary>
/// The log's ECDSA P-256 key, generated the first time a tree head is signed and kept in the database like the receipt
/// key (<see cref="SigningKey"/>, PKCS#8), and the RFC 6962 §3.5 bytes a tree head signature covers.
/// </summary>
public static class TreeHeadSigning
{
    public const string KeyName = "disclosure-log-ecdsa-p256";

    /// <summary>digitally-signed struct { Version v1(0); SignatureType tree_hash(1); uint64 timestamp; uint64 tree_size; opaque sha256_root_hash[32]; }</summary>
    public static byte[] TreeHeadSignatureInput(long timestamp, long treeSize, ReadOnlySpan<byte> rootHash)
    {
        if (rootHash.Length != 32) throw new ArgumentException("The root hash is 32 bytes.", nameof(rootHash));
        var bytes = new byte[2 + 8 + 8 + 32];
        bytes[0] = 0;
        bytes[1] = 1;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(2), checked((ulong)timestamp));
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(10), checked((ulong)treeSize));
        rootHash.CopyTo(bytes.AsSpan(18));
        return bytes;
    }

    public static byte[] Sign(ECDsa key, long timestamp, long treeSize, ReadOnlySpan<byte> rootHash) =>
        key.SignData(TreeHeadSignatureInput(timestamp, treeSize, rootHash), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public static bool Verify(ECDsa key, long timestamp, long treeSize, ReadOnlySpan<byte> rootHash, byte[] signature) =>
        rootHash.Length == 32 && timestamp >= 0 && treeSize >= 0
        && key.VerifyData(TreeHeadSignatureInput(timestamp, treeSize, rootHash), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>The signing key, created on first use; two instances racing both end up with the one that was stored.</summary>
    public static async Task<ECDsa> KeyAsync(SupplyTrackerDbContext db, DateTime now, CancellationToken ct)
    {
        var stored = await StoredKeyAsync(db, ct);
        if (stored is null)
        {
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var pkcs8 = fresh.ExportPkcs8PrivateKey();
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO \"SigningKeys\" (\"Name\", \"Key\", \"CreatedAt\") VALUES ({KeyName}, {pkcs8}, {now}) ON CONFLICT DO NOTHING", ct);
            stored = await StoredKeyAsync(db, ct) ?? throw new InvalidOperationException("The log key was not stored.");
        }
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(stored, out _);
        return key;
    }

    /// <summary>The public half, or null while no tree head has been signed.</summary>
    public static async Task<ECDsa?> PublicKeyAsync(SupplyTrackerDbContext db, CancellationToken ct)
    {
        var stored = await StoredKeyAsync(db, ct);
        if (stored is null) return null;
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(stored, out _);
        var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return publicKey;
    }

    private static Task<byte[]?> StoredKeyAsync(SupplyTrackerDbContext db, CancellationToken ct) =>
        db.SigningKeys.AsNoTracking().Where(k => k.Name == KeyName).Select(k => k.Key).FirstOrDefaultAsync(ct);
}
