using System.Text;
using SupplyTracker.Features.Disclosure;

namespace SupplyTracker.Tests.Features.Disclosure;

/// <summary>The service's proofs, checked by <see cref="Rfc6962"/>, an implementation that shares no code with it.</summary>
public sealed class MerkleTreeTests
{
    private const int MaxSize = 40;

    private static readonly List<byte[]> Leaves =
        [.. Enumerable.Range(0, MaxSize).Select(i => Rfc6962.LeafHash(Encoding.UTF8.GetBytes($"{{\"index\":{i},\"kind\":\"測試\"}}")))];

    private static readonly MerkleTree Tree = new(Leaves);

    [Fact]
    public void The_root_of_every_size_from_0_to_40_is_the_RFC_tree_hash()
    {
        for (var size = 0; size <= MaxSize; size++)
            Assert.Equal(Rfc6962.TreeHash(Leaves[..size]), Tree.Root(size));
    }

    [Fact]
    public void The_empty_tree_hashes_to_the_hash_of_nothing()
    {
        Assert.Equal(Convert.FromHexString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), Tree.Root(0));
    }

    [Fact]
    public void Every_inclusion_proof_for_every_index_and_size_up_to_40_verifies_independently()
    {
        for (var size = 1; size <= MaxSize; size++)
        {
            var root = Rfc6962.TreeHash(Leaves[..size]);
            for (var index = 0; index < size; index++)
            {
                var path = Tree.InclusionProof(index, size);
                Assert.True(Rfc6962.VerifyInclusion(index, size, Leaves[index], path, root), $"index {index} in size {size}");
                Assert.True(MerkleProofs.VerifyInclusion(index, size, Leaves[index], path, root), $"service verifier: index {index} in size {size}");
            }
        }
    }

    [Fact]
    public void Every_consistency_proof_between_sizes_up_to_40_verifies_independently()
    {
        for (var second = 1; second <= MaxSize; second++)
        {
            var secondRoot = Rfc6962.TreeHash(Leaves[..second]);
            for (var first = 1; first <= second; first++)
            {
                var firstRoot = Rfc6962.TreeHash(Leaves[..first]);
                var proof = Tree.ConsistencyProof(first, second);
                Assert.True(Rfc6962.VerifyConsistency(first, second, firstRoot, secondRoot, proof), $"{first} → {second}");
                Assert.True(MerkleProofs.VerifyConsistency(first, second, firstRoot, secondRoot, proof), $"service verifier: {first} → {second}");
            }
        }
    }

    [Fact]
    public void A_proof_for_another_leaf_or_a_changed_history_does_not_verify()
    {
        var root = Rfc6962.TreeHash(Leaves[..13]);
        var path = Tree.InclusionProof(5, 13);
        Assert.False(Rfc6962.VerifyInclusion(6, 13, Leaves[6], path, root));
        Assert.False(Rfc6962.VerifyInclusion(5, 13, Leaves[4], path, root));

        List<byte[]> rewritten = [.. Leaves[..13]];
        rewritten[2] = Rfc6962.LeafHash("forged"u8.ToArray());
        var forged = new MerkleTree(rewritten);
        Assert.False(Rfc6962.VerifyConsistency(7, 13, Rfc6962.TreeHash(Leaves[..7]), forged.Root(13), forged.ConsistencyProof(7, 13)));
        Assert.False(MerkleProofs.VerifyConsistency(7, 13, Rfc6962.TreeHash(Leaves[..7]), forged.Root(13), forged.ConsistencyProof(7, 13)));
    }

    [Fact]
    public void A_tree_grown_from_a_smaller_one_gives_the_same_roots_and_proofs()
    {
        var small = new MerkleTree(Leaves[..17]);
        _ = small.Root(17);
        var grown = new MerkleTree(Leaves, small);

        Assert.Equal(Rfc6962.TreeHash(Leaves), grown.Root(MaxSize));
        Assert.True(Rfc6962.VerifyInclusion(16, MaxSize, Leaves[16], grown.InclusionProof(16, MaxSize), Rfc6962.TreeHash(Leaves)));
    }
}
