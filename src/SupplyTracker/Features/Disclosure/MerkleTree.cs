using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;

namespace SupplyTracker.Features.Disclosure;

/// <summary>
/// RFC 6962 §2.1 over a list of leaf hashes: tree hashes, audit paths (PATH) and consistency proofs (PROOF). Leaves
/// never change, so the hash of every complete, aligned subtree is remembered: after the first request a root or a
/// proof costs O(log n) hashes, not a pass over the log.
/// </summary>
public sealed class MerkleTree(IReadOnlyList<byte[]> leafHashes, MerkleTree? smaller = null)
{
    // A larger tree over the same first leaves shares what the smaller one already computed.
    private readonly ConcurrentDictionary<(long Start, int Level), byte[]> _complete = smaller?._complete ?? new();

    public IReadOnlyList<byte[]> LeafHashes => leafHashes;

    public static byte[] EmptyRoot { get; } = SHA256.HashData([]);

    public long Size => leafHashes.Count;

    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> input = stackalloc byte[1 + left.Length + right.Length];
        input[0] = 1;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + left.Length)..]);
        return SHA256.HashData(input);
    }

    /// <summary>MTH(D[0:size]).</summary>
    public byte[] Root(long size)
    {
        EnsureSize(size);
        return size == 0 ? EmptyRoot : Hash(0, size);
    }

    /// <summary>PATH(index, D[0:size]), from the leaf's sibling up to the root's child.</summary>
    public List<byte[]> InclusionProof(long index, long size)
    {
        EnsureSize(size);
        if (index < 0 || index >= size) throw new ArgumentOutOfRangeException(nameof(index));
        var path = new List<byte[]>();
        Path(index, 0, size, path);
        return path;
    }

    /// <summary>PROOF(first, D[0:second]).</summary>
    public List<byte[]> ConsistencyProof(long first, long second)
    {
        EnsureSize(second);
        if (first < 0 || first > second) throw new ArgumentOutOfRangeException(nameof(first));
        var proof = new List<byte[]>();
        if (first > 0 && first < second)
            SubProof(first, 0, second, true, proof);
        return proof;
    }

    private void Path(long m, long start, long end, List<byte[]> path)
    {
        var n = end - start;
        if (n <= 1) return;
        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            Path(m, start, start + k, path);
            path.Add(Hash(start + k, end));
        }
        else
        {
            Path(m - k, start + k, end, path);
            path.Add(Hash(start, start + k));
        }
    }

    private void SubProof(long m, long start, long end, bool complete, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!complete) proof.Add(Hash(start, end));
            return;
        }
        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            SubProof(m, start, start + k, complete, proof);
            proof.Add(Hash(start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, false, proof);
            proof.Add(Hash(start, start + k));
        }
    }

    /// <summary>MTH(D[start:end]) for end &gt; start.</summary>
    private byte[] Hash(long start, long end)
    {
        var n = end - start;
        if (BitOperations.IsPow2(n) && start % n == 0)
            return Complete(start, BitOperations.Log2((ulong)n));
        var k = LargestPowerOfTwoBelow(n);
        return HashChildren(Hash(start, start + k), Hash(start + k, end));
    }

    private byte[] Complete(long start, int level)
    {
        if (level == 0) return leafHashes[(int)start];
        if (_complete.TryGetValue((start, level), out var known)) return known;
        var half = 1L << (level - 1);
        var hash = HashChildren(Complete(start, level - 1), Complete(start + half, level - 1));
        _complete.TryAdd((start, level), hash);
        return hash;
    }

    private void EnsureSize(long size)
    {
        if (size < 0 || size > leafHashes.Count) throw new ArgumentOutOfRangeException(nameof(size));
    }

    private static long LargestPowerOfTwoBelow(long n) => 1L << BitOperations.Log2((ulong)(n - 1));
}

/// <summary>RFC 9162 §2.1.3.2 and §2.1.4.2: checking a proof needs only the hashes, never the log.</summary>
public static class MerkleProofs
{
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size) return false;
        long fn = index, sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in path)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleTree.HashChildren(p, r);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else
                r = MerkleTree.HashChildren(r, p);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    public static bool VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (first < 1 || first > second) return false;
        if (first == second) return proof.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        if (proof.Count == 0) return false;
        var path = new List<byte[]>(proof);
        if (BitOperations.IsPow2(first)) path.Insert(0, firstRoot.ToArray());
        long fn = first - 1, sn = second - 1;
        while ((fn & 1) == 1) { fn >>= 1; sn >>= 1; }
        byte[] fr = path[0], sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleTree.HashChildren(c, fr);
                sr = MerkleTree.HashChildren(c, sr);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else
                sr = MerkleTree.HashChildren(sr, c);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }
}
