using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Reports;

/// <summary>
/// The public report: what was received (accepted donations) and distributed (shipments to stations), per item, per
/// station and per day. Aggregates only; donors who asked for anonymity are not named.
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
    IReadOnlyList<TransparencyDonorTotal> Donors);

public sealed record TransparencyItemTotal(string Code, string Item, string Unit, long Received, long Distributed);
public sealed record TransparencyDayTotal(DateOnly Day, long Received, long Distributed);
public sealed record TransparencyDonorTotal(string? Name, int Donations, long Quantity);

public sealed class GetTransparencyHandler(SupplyTrackerDbContext db) : IQueryHandler<GetTransparency, Transparency>
{
    public async ValueTask<Transparency> Handle(GetTransparency query, CancellationToken cancellationToken)
    {
        var items = await db.Items.AsNoTracking().OrderBy(i => i.Code).ToListAsync(cancellationToken);
        var received = await db.DonationLines.AsNoTracking().Where(l => l.Disposition == LineDisposition.Accepted)
            .Select(l => new { l.ItemId, l.Quantity, l.Donation.ReceivedOn, l.Donation.DonorId }).ToListAsync(cancellationToken);
        var shipped = await db.ShipmentLines.AsNoTracking()
            .Select(l => new { l.ItemId, l.Quantity, l.Shipment.ToLocationId, l.Shipment.DispatchedAt }).ToListAsync(cancellationToken);

        var totals = items.Select(i => new TransparencyItemTotal(i.Code, i.DisplayName(), i.BaseUnit,
                received.Where(r => r.ItemId == i.Id).Sum(r => r.Quantity), shipped.Where(s => s.ItemId == i.Id).Sum(s => s.Quantity)))
            .Where(t => t.Received > 0 || t.Distributed > 0);

        var stations = await db.Locations.AsNoTracking().Where(l => l.Kind != LocationKind.Warehouse).OrderBy(l => l.Code).ToListAsync(cancellationToken);
        var byStation = items.Select(i => (i.Code, i.DisplayName(), i.BaseUnit,
                stations.Select(s => shipped.Where(x => x.ItemId == i.Id && x.ToLocationId == s.Id).Sum(x => x.Quantity)).ToArray()))
            .Where(r => r.Item4.Any(q => q > 0));

        var days = received.Select(r => r.ReceivedOn).Concat(shipped.Select(s => DateOnly.FromDateTime(s.DispatchedAt))).Distinct()
            .OrderByDescending(d => d).Take(GetTransparency.Days);
        var byDay = days.Select(d => new TransparencyDayTotal(d, received.Where(r => r.ReceivedOn == d).Sum(r => r.Quantity),
            shipped.Where(s => DateOnly.FromDateTime(s.DispatchedAt) == d).Sum(s => s.Quantity)));

        var donors = await db.Donors.AsNoTracking().Select(d => new { d.Id, d.Name, d.IsAnonymous }).ToListAsync(cancellationToken);
        var donations = await db.Donations.AsNoTracking().GroupBy(d => d.DonorId).Select(g => new { DonorId = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var donorTotals = donors.Select(d => new TransparencyDonorTotal(d.IsAnonymous ? null : d.Name, donations.FirstOrDefault(x => x.DonorId == d.Id)?.Count ?? 0,
                received.Where(r => r.DonorId == d.Id).Sum(r => r.Quantity)))
            .Where(d => d.Donations > 0).OrderByDescending(d => d.Quantity);

        return new Transparency([.. totals], [.. stations.Select(s => s.DisplayName())], [.. byStation], [.. byDay], [.. donorTotals]);
    }
}
