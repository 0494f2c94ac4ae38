using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SupplyTracker.Tests.Features.Disclosure;

/// <summary>
/// An outsider's RFC 6962 / RFC 9162 checker, written from the RFC text and sharing no code with the service: the
/// tree hash from its recursive definition (§2.1.1), the inclusion and consistency verification algorithms
/// (RFC 9162 §2.1.3.2, §2.1.4.2) and the TreeHeadSignature bytes (RFC 6962 §3.5).
/// </summary>
public static class Rfc6962
{
    public static byte[] LeafHash(byte[] leaf) => SHA256.HashData([0x00, .. leaf]);

    private static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>MTH(D[n]) straight from the definition: the largest power of two smaller than n splits the list.</summary>
    public static byte[] TreeHash(IReadOnlyList<byte[]> leafHashes)
    {
        if (leafHashes.Count == 0) return SHA256.HashData([]);
        if (leafHashes.Count == 1) return leafHashes[0];
        var k = 1;
        while (k * 2 < leafHashes.Count) k *= 2;
        return Node(TreeHash([.. leafHashes.Take(k)]), TreeHash([.. leafHashes.Skip(k)]));
    }

    public static bool VerifyInclusion(long leafIndex, long treeSize, byte[] leafHash, IReadOnlyList<byte[]> inclusionPath, byte[] rootHash)
    {
        // 1. leaf_index must be less than tree_size.
        if (leafIndex >= treeSize || leafIndex < 0) return false;
        // 2., 3.
        var fn = leafIndex;
        var sn = treeSize - 1;
        var r = leafHash;
        // 4.
        foreach (var p in inclusionPath)
        {
            if (sn == 0) return false;
            if (Lsb(fn) || fn == sn)
            {
                r = Node(p, r);
                if (!Lsb(fn))
                {
                    do { fn >>= 1; sn >>= 1; } while (!Lsb(fn) && fn != 0);
                }
            }
            else
            {
                r = Node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        // 5.
        return sn == 0 && r.AsSpan().SequenceEqual(rootHash);
    }

    public static bool VerifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash, IReadOnlyList<byte[]> consistencyPath)
    {
        if (first == second) return consistencyPath.Count == 0 && firstHash.AsSpan().SequenceEqual(secondHash);
        if (first < 1 || first > second) return false;
        // 1.
        if (consistencyPath.Count == 0) return false;
        // 2.
        var path = (first & (first - 1)) == 0 ? [firstHash, .. consistencyPath] : consistencyPath.ToList();
        // 3., 4.
        var fn = first - 1;
        var sn = second - 1;
        while (Lsb(fn)) { fn >>= 1; sn >>= 1; }
        // 5.
        var fr = path[0];
        var sr = path[0];
        // 6.
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if (Lsb(fn) || fn == sn)
            {
                fr = Node(c, fr);
                sr = Node(c, sr);
                if (!Lsb(fn))
                {
                    do { fn >>= 1; sn >>= 1; } while (!Lsb(fn) && fn != 0);
                }
            }
            else
            {
                sr = Node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        // 7.
        return fr.AsSpan().SequenceEqual(firstHash) && sr.AsSpan().SequenceEqual(secondHash) && sn == 0;
    }

    /// <summary>digitally-signed struct: version v1 (0), signature_type tree_hash (1), uint64 timestamp, uint64 tree_size, 32-byte root.</summary>
    public static byte[] TreeHeadSignatureInput(long timestamp, long treeSize, byte[] rootHash)
    {
        var bytes = new byte[50];
        bytes[0] = 0;
        bytes[1] = 1;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(2, 8), timestamp);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(10, 8), treeSize);
        rootHash.CopyTo(bytes, 18);
        return bytes;
    }

    private static bool Lsb(long value) => (value & 1) == 1;
}
