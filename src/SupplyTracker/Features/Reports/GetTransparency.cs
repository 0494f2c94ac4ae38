using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Public;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Reports;

/// <summary>
/// The public report, from <see cref="LedgerFigures"/>: per item what was received, accepted, rejected at intake,
/// delivered to stations (first arrivals from a warehouse minus returns), in transit, moved on between stations,
/// consumed, written off and on hand; delivered per station; per day and per donor only within a unit group (an item,
/// or a category whose items share one unit). Donors who did not consent to be named are not named.
/// </summary>
public sealed record GetTransparency : IQuery<Transparency>
{
    public const int Days = 60;
}

public sealed record Transparency(
    IReadOnlyList<TransparencyItemTotal> Items,
    IReadOnlyList<string> Stations,
    IReadOnlyList<(string Code, string Item, string Unit, long[] PerStation)> ByStation,
    IReadOnlyList<TransparencyDayTotal> ByDay,
    IReadOnlyList<TransparencyDonorTotal> Donors)
{
    /// <summary>Directed donations (定向捐贈): per station and item, what was accepted for it and where it has gone so far.</summary>
    public IReadOnlyList<TransparencyDirected> Directed { get; init; } = [];
}

/// <summary>Goods a donor directed to <see cref="Location"/>: accepted, delivered there (first arrivals less returns) and, by an admin override, elsewhere.</summary>
public sealed record TransparencyDirected(string Location, string Code, string Item, string Unit, long Accepted, long DeliveredThere, long DeliveredElsewhere);

public sealed record TransparencyItemTotal(string Code, string Item, string Unit, long Received, long Distributed)
{
    public long Accepted { get; init; }
    public long RejectedAtIntake { get; init; }
    public long InTransit { get; init; }
    public long MovedOn { get; init; }
    public long Consumed { get; init; }
    public long WrittenOff { get; init; }
    public long OnHand { get; init; }
}

/// <summary>A quantity of one unit group: a category (<see cref="Item"/> null) whose items share the unit, or one item.</summary>
public sealed record GroupQuantity(ItemCategory Category, string? Item, string Unit, long Quantity);

public sealed record TransparencyDayTotal(DateOnly Day, IReadOnlyList<GroupQuantity> Accepted, IReadOnlyList<GroupQuantity> Delivered);
public sealed record TransparencyDonorTotal(string? Name, int Donations, IReadOnlyList<GroupQuantity> Quantities);

public sealed class GetTransparencyHandler(SupplyTrackerDbContext db, LedgerFigures figures) : IQueryHandler<GetTransparency, Transparency>
{
    public async ValueTask<Transparency> Handle(GetTransparency query, CancellationToken cancellationToken)
    {
        var ledger = await figures.LoadAsync(cancellationToken);
        var totals = ledger.Items.Select(i => (Item: i, Flow: ledger.Item(i.Id)))
            .Where(x => x.Flow.Received != 0 || x.Flow.Accepted != 0 || x.Flow.Delivered != 0 || x.Flow.InTransit != 0 || x.Flow.OnHand != 0)
            .Select(x => new TransparencyItemTotal(x.Item.Code, x.Item.DisplayName(), x.Item.BaseUnit, x.Flow.Received, x.Flow.Delivered)
            {
                Accepted = x.Flow.Accepted, RejectedAtIntake = x.Flow.RejectedAtIntake, InTransit = x.Flow.InTransit, MovedOn = x.Flow.MovedOn,
                Consumed = x.Flow.Consumed, WrittenOff = x.Flow.WrittenOff, OnHand = x.Flow.OnHand,
            });

        var stations = ledger.Stations;
        var byStation = ledger.Items.Select(i => (i.Code, i.DisplayName(), i.BaseUnit,
                stations.Select(s => ledger.At(s.Id, i.Id).Delivered).ToArray()))
            .Where(r => r.Item4.Any(q => q != 0));

        var groups = ledger.UnitGroups();
        IReadOnlyList<GroupQuantity> Grouped(Func<int, long> quantityOf) => [.. groups
            .Select(g => new GroupQuantity(g.Category, g.Item?.DisplayName(), g.Unit, g.ItemIds.Sum(quantityOf)))
            .Where(q => q.Quantity != 0)];

        var days = ledger.ByDay.Where(d => d.Value.Accepted != 0 || d.Value.Delivered != 0).Select(d => d.Key.Day).Distinct()
            .OrderByDescending(d => d).Take(GetTransparency.Days);
        var byDay = days.Select(d => new TransparencyDayTotal(d, Grouped(i => ledger.OnDay(d, i).Accepted), Grouped(i => ledger.OnDay(d, i).Delivered)));

        var donors = await db.Donors.AsNoTracking().Select(d => new { d.Id, d.Name, d.IsAnonymous }).ToListAsync(cancellationToken);
        var donationsOf = ledger.DonationLines.GroupBy(l => l.DonorId).ToDictionary(g => g.Key, g => g.Select(l => l.DonationId).Distinct().ToList());
        var donorTotals = donors.Where(d => donationsOf.ContainsKey(d.Id)).Select(d =>
            {
                var donations = donationsOf[d.Id];
                return new TransparencyDonorTotal(d.IsAnonymous ? null : d.Name, donations.Count,
                    Grouped(item => donations.Sum(donation => ledger.AcceptedByDonation.GetValueOrDefault((donation, item)))));
            })
            .OrderByDescending(d => d.Donations).ThenBy(d => d.Name, StringComparer.Ordinal);

        // Directed lots: what the read model's donation lines and arrivals say about them.
        var directedLots = await db.Lots.AsNoTracking().Where(l => l.DirectedToLocationId != null)
            .Select(l => new { l.Id, To = l.DirectedToLocationId!.Value }).ToDictionaryAsync(l => l.Id, l => l.To, cancellationToken);
        var locations = ledger.Locations.ToDictionary(l => l.Id);
        var items = ledger.Items.ToDictionary(i => i.Id);
        var directed = ledger.DonationLines.Where(l => l.LotId is { } lot && directedLots.ContainsKey(lot) && l.Disposition == LineDisposition.Accepted)
            .Select(l => (To: directedLots[l.LotId!.Value], l.ItemId, l.Quantity))
            .GroupBy(l => (l.To, l.ItemId))
            .Select(g =>
            {
                var arrivals = ledger.Arrivals.Where(a => a.ItemId == g.Key.ItemId && directedLots.GetValueOrDefault(a.LotId) == g.Key.To).ToList();
                // A first arrival counts where it arrived; a return (negative) is taken off the station it left.
                long There(bool there) => arrivals.Where(a => a.Kind == ArrivalKind.Delivered && (a.ToLocationId == g.Key.To) == there).Sum(a => a.Quantity)
                    + arrivals.Where(a => a.Kind == ArrivalKind.Returned && (a.FromLocationId == g.Key.To) == there).Sum(a => a.Quantity);
                var item = items[g.Key.ItemId];
                return new TransparencyDirected(locations.TryGetValue(g.Key.To, out var to) ? to.DisplayName() : "?", item.Code, item.DisplayName(), item.BaseUnit,
                    g.Sum(l => l.Quantity), There(true), There(false));
            })
            .OrderBy(d => d.Location, StringComparer.Ordinal).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();

        return new Transparency([.. totals], [.. stations.Select(s => s.DisplayName())], [.. byStation], [.. byDay], [.. donorTotals]) { Directed = directed };
    }
}
