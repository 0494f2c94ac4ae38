using SupplyTracker.Domain;

namespace SupplyTracker.Features.Requests;

public enum RationingPolicyKind
{
    /// <summary>Urgent before High before Normal; inside the priority that runs short, pro rata to need.</summary>
    PriorityProRata,
    /// <summary>Urgent before High before Normal; inside a priority, first come (lowest sequence) first served in full.</summary>
    StrictPriority,
}

/// <summary>One approved, not yet allocated line competing for an item. Sequence orders ties (earlier request first).</summary>
public sealed record Demand(int LineId, RequestPriority Priority, long Quantity, long Sequence);

public sealed record Allotment(int LineId, long Demanded, long Allocated)
{
    public long Short => Demanded - Allocated;
}

/// <summary>
/// Shares the available stock of one item among competing demand lines, in whole units. Pure arithmetic: no
/// database, no clock. PriorityProRata gives each priority in turn everything it needs while stock lasts; the
/// priority where stock runs out gets floor(remaining × need / total need) per line, and the units that flooring
/// leaves over go one each to the largest needs (ties: lower sequence, then lower line id). Lower priorities get
/// nothing. StrictPriority serves lines in full by priority, then sequence, until stock runs out.
/// </summary>
public static class RationingPolicy
{
    public static IReadOnlyList<Allotment> Allocate(long available, IReadOnlyList<Demand> demands, RationingPolicyKind policy)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(available);
        if (demands.Any(d => d.Quantity < 0))
            throw new ArgumentException("Demand quantities cannot be negative.", nameof(demands));

        var allocated = demands.ToDictionary(d => d.LineId, _ => 0L);
        var remaining = available;
        foreach (var tier in demands.GroupBy(d => d.Priority).OrderBy(g => g.Key))
        {
            if (remaining == 0) break;
            var lines = tier.OrderBy(d => d.Sequence).ThenBy(d => d.LineId).ToList();
            var need = lines.Sum(d => d.Quantity);
            if (need <= remaining)
            {
                foreach (var d in lines) allocated[d.LineId] = d.Quantity;
                remaining -= need;
                continue;
            }
            if (policy == RationingPolicyKind.StrictPriority)
            {
                foreach (var d in lines)
                {
                    var take = Math.Min(d.Quantity, remaining);
                    allocated[d.LineId] = take;
                    remaining -= take;
                }
            }
            else
            {
                ShareProRata(lines, need, remaining, allocated);
                remaining = 0;
            }
        }
        return [.. demands.Select(d => new Allotment(d.LineId, d.Quantity, allocated[d.LineId]))];
    }

    private static void ShareProRata(List<Demand> lines, long need, long stock, Dictionary<int, long> allocated)
    {
        var given = 0L;
        foreach (var d in lines)
        {
            // Int128: stock × quantity can exceed a long when many large lines compete.
            var share = (long)((Int128)stock * d.Quantity / need);
            allocated[d.LineId] = share;
            given += share;
        }
        // Each floor loses less than one unit, so the leftover is smaller than the number of lines and no line
        // can be pushed past its need (stock < need makes every share strictly less than the line's quantity).
        var leftover = stock - given;
        foreach (var d in lines.OrderByDescending(d => d.Quantity).ThenBy(d => d.Sequence).ThenBy(d => d.LineId))
        {
            if (leftover == 0) break;
            allocated[d.LineId]++;
            leftover--;
        }
    }
}
