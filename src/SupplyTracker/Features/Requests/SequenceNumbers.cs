using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace SupplyTracker.Features.Requests;

/// <summary>The next of a per-year series (RQ-2026-000001, SH-2026-000001); the year is the deployment's local year.</summary>
public static class SequenceNumbers
{
    // Safe without a sequence table: commands run one at a time (BEGIN IMMEDIATE), and each number is unique in the schema.
    public static async Task<string> NextAsync(IQueryable<string> numbers, Func<int, int, string> format, int year, CancellationToken cancellationToken)
    {
        var prefix = format(year, 0)[..^6];
        var last = await numbers.Where(n => n.StartsWith(prefix)).OrderByDescending(n => n).FirstOrDefaultAsync(cancellationToken);
        var sequence = last is null ? 1 : int.Parse(last[prefix.Length..], CultureInfo.InvariantCulture) + 1;
        return format(year, sequence);
    }
}
