using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;

namespace SupplyTracker.Tests.Features.Requests;

public sealed class RationingPolicyTests
{
    // Demands are "priority:quantity" in sequence order (U = Urgent, H = High, N = Normal); expected allocations in the same order.
    [Theory]
    [InlineData(100, "N:30,N:40", "30,40")]
    [InlineData(50, "N:60,N:40", "30,20")]
    [InlineData(10, "N:7,N:5,N:3", "5,3,2")]
    [InlineData(10, "N:4,N:4,N:4", "4,3,3")]
    [InlineData(2, "N:5,N:5,N:5", "1,1,0")]
    [InlineData(7, "N:1,N:2,N:10", "0,1,6")]
    [InlineData(100, "U:80,H:30,H:10,N:10", "80,15,5,0")]
    [InlineData(100, "N:10,H:50,U:80", "0,20,80")]
    [InlineData(0, "U:5,N:5", "0,0")]
    [InlineData(1_000_000_000, "N:1000000000,N:1000000000,N:1000000000", "333333334,333333333,333333333")]
    [InlineData(11, "H:3,H:3,U:2,N:100", "3,3,2,3")]
    [InlineData(10, "U:2,H:6,H:5,N:9", "2,5,3,0")]
    public void Priority_pro_rata_shares_whole_units_and_gives_the_remainder_to_the_largest_need(long available, string demands, string expected) =>
        Assert.Equal(expected, Run(available, demands, RationingPolicyKind.PriorityProRata));

    [Theory]
    [InlineData(50, "N:30,N:40", "30,20")]
    [InlineData(50, "N:30,U:40", "10,40")]
    [InlineData(10, "N:4,N:4,N:4", "4,4,2")]
    [InlineData(100, "U:80,H:30,H:10,N:10", "80,20,0,0")]
    [InlineData(0, "U:5", "0")]
    public void Strict_priority_serves_lines_in_full_by_priority_then_arrival(long available, string demands, string expected) =>
        Assert.Equal(expected, Run(available, demands, RationingPolicyKind.StrictPriority));

    [Fact]
    public void Each_line_reports_what_was_short()
    {
        var result = RationingPolicy.Allocate(50, [new Demand(1, RequestPriority.Normal, 60, 1), new Demand(2, RequestPriority.Normal, 40, 2)],
            RationingPolicyKind.PriorityProRata);
        Assert.Equal([30L, 20L], result.Select(a => a.Short));
    }

    [Fact]
    public void Never_allocates_more_than_available_or_demanded()
    {
        var random = new Random(20200126);
        for (var round = 0; round < 500; round++)
        {
            var demands = Enumerable.Range(1, random.Next(1, 12))
                .Select(i => new Demand(i, (RequestPriority)random.Next(3), random.Next(0, 50), random.Next(5))).ToList();
            var available = random.Next(0, 200);
            foreach (var policy in Enum.GetValues<RationingPolicyKind>())
            {
                var result = RationingPolicy.Allocate(available, demands, policy);
                Assert.True(result.Sum(a => a.Allocated) == Math.Min(available, demands.Sum(d => d.Quantity)));
                Assert.All(result, a => Assert.InRange(a.Allocated, 0, a.Demanded));
            }
        }
    }

    private static string Run(long available, string demands, RationingPolicyKind policy)
    {
        var parsed = demands.Split(',').Select((d, i) =>
        {
            var parts = d.Split(':');
            var priority = parts[0] switch { "U" => RequestPriority.Urgent, "H" => RequestPriority.High, _ => RequestPriority.Normal };
            return new Demand(100 + i, priority, long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), i);
        }).ToList();
        var result = RationingPolicy.Allocate(available, parsed, policy);
        return string.Join(',', result.Select(a => a.Allocated));
    }
}
