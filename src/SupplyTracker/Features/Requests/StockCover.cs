using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Requests;

public enum NeedBasis { UseRate, Consumption }

public sealed record DailyNeed(decimal Quantity, NeedBasis Basis);

/// <summary>
/// Daily need and usable stock per location × item. Daily need is the consumption reported in the last
/// <see cref="AllocationOptions.ConsumptionWindowDays"/> days divided by the days those reports cover (from the first
/// report in the window to today, both included) when the location reported any for the item, else headcount per
/// shift × shifts per day × the item's use per person-shift. A station that started reporting yesterday is not
/// averaged over a week it did not report.
/// </summary>
public sealed class StockCover(SupplyTrackerDbContext db, DeploymentTime time, IOptions<AllocationOptions> options)
{
    public async Task<Dictionary<(int LocationId, int ItemId), DailyNeed>> DailyNeedsAsync(CancellationToken cancellationToken)
    {
        var window = Math.Max(1, options.Value.ConsumptionWindowDays);
        var since = time.Today.AddDays(1 - window);
        var today = time.Today;
        var reported = await db.ConsumptionReports.AsNoTracking().Include(r => r.Lines)
            .Where(r => r.ConsumedOn >= since && r.ConsumedOn <= today)
            .ToListAsync(cancellationToken);
        var consumed = reported.SelectMany(r => r.Lines.Select(l => (r.LocationId, l.ItemId, l.Quantity)))
            .GroupBy(x => (x.LocationId, x.ItemId))
            .Select(g => (g.Key.LocationId, g.Key.ItemId, Total: g.Sum(x => x.Quantity)));
        var firstReported = reported.SelectMany(r => r.Lines.Select(l => (r.LocationId, l.ItemId, r.ConsumedOn)))
            .GroupBy(x => (x.LocationId, x.ItemId))
            .ToDictionary(g => g.Key, g => g.Min(x => x.ConsumedOn));
        var locations = await db.Locations.AsNoTracking().ToListAsync(cancellationToken);
        var items = await db.Items.AsNoTracking().ToListAsync(cancellationToken);

        var needs = new Dictionary<(int, int), DailyNeed>();
        foreach (var location in locations)
        {
            foreach (var item in items)
            {
                var rate = location.HeadcountPerShift * location.ShiftsPerDay * item.UsePerPersonShift;
                if (rate > 0) needs[(location.Id, item.Id)] = new DailyNeed(rate, NeedBasis.UseRate);
            }
        }
        foreach (var c in consumed)
        {
            var days = today.DayNumber - firstReported[(c.LocationId, c.ItemId)].DayNumber + 1;
            needs[(c.LocationId, c.ItemId)] = new DailyNeed(Math.Round((decimal)c.Total / days, 2), NeedBasis.Consumption);
        }
        return needs;
    }

    /// <summary>
    /// Usable (unexpired, unreserved, not quarantined) stock per location × item; stock held there that its donors directed
    /// to another location is not the holder's to use and is left out.
    /// </summary>
    public async Task<Dictionary<(int LocationId, int ItemId), long>> AvailableAsync(CancellationToken cancellationToken)
    {
        var today = time.Today;
        var rows = await db.StockBalances
            .Where(b => b.Lot.ExpiresOn == null || b.Lot.ExpiresOn >= today)
            .Where(b => b.Lot.DirectedToLocationId == null || b.Lot.DirectedToLocationId == b.LocationId)
            .Select(b => new { b.LocationId, b.ItemId, Available = b.QuantityOnHand - b.QuantityReserved - b.QuantityQuarantined })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => (r.LocationId, r.ItemId)).ToDictionary(g => g.Key, g => g.Sum(r => r.Available));
    }

    public static decimal? DaysOfCover(long available, decimal dailyNeed) => dailyNeed > 0 ? Math.Round(available / dailyNeed, 1) : null;
}
