using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("SupplyTracker.Tests.Support.LongestFirstCollectionOrderer", "SupplyTracker.Tests")]

namespace SupplyTracker.Tests.Support;

/// <summary>
/// Starts the long test classes first so that the run does not end waiting on one of them alone (xunit runs as many classes
/// at a time as xunit.runner.json's maxParallelThreads, in this order): the two page walks, the other browser classes (Pages),
/// the proofs (property tests, the bad-input corpus), then the rest, each group in xunit's default order. Only the
/// order in which classes start changes; the tests inside a class, and what each asserts, do not.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        // Within a group, xunit's own order (OrderBy is stable).
        return new DefaultTestCollectionOrderer().OrderTestCollections(testCollections).OrderBy(Group);
    }

    private static int Group(ITestCollection collection)
    {
        var name = collection.DisplayName;
        if (name.Contains(".Pages.LanguageWalkTests", StringComparison.Ordinal) || name.Contains(".Pages.AccessibilityPageTests", StringComparison.Ordinal)) return 0;
        if (name.Contains(".Tests.Pages.", StringComparison.Ordinal)) return 1;
        if (name.Contains(".Tests.Proof.", StringComparison.Ordinal)) return 2;
        return 3;
    }
}
