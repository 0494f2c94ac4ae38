using SupplyTracker.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

/// <summary>
/// The ledger: searched (movement number, lot, who), filtered (location, item, lot, kind, local date range), sorted and
/// paged. A Station caller sees only its own location's movements.
/// </summary>
public sealed record ListMovements(int? LocationId = null, int? ItemId = null, string? Lot = null, ListWindow? Window = null, MovementKind? Kind = null)
    : IQuery<MovementList>;

public sealed record MovementList(StockListFilter Filter, Paged<MovementRow> Page)
{
    public IReadOnlyList<MovementRow> Rows => Page.Rows;
}

/// <summary>A movement; ReferenceNumber is the source's own number where it has one (a shipment's SH-…, a request's RQ-…).</summary>
public sealed record MovementRow(long Id, DateTime RecordedAt, MovementKind Kind, int LocationId, int ItemId, string LotNumber, long Quantity, StockStatus Status,
    string? ReasonCode, MovementReference ReferenceType, long ReferenceId, string RecordedBy, string? ReferenceNumber = null);

public sealed class ListMovementsHandler(SupplyTrackerDbContext db, CallerContext scope) : IQueryHandler<ListMovements, MovementList>
{
    private static readonly ListSorts<StockMovement> Sorts = new ListSorts<StockMovement>()
        .By("id", m => m.Id, defaultDescending: true)
        .By("time", m => m.RecordedAt)
        .By("kind", m => m.Kind)
        .By("location", m => m.LocationId)
        .By("item", m => m.ItemId)
        .By("lot", m => m.Lot.LotNumber)
        .By("quantity", m => m.Quantity)
        .By("by", m => m.RecordedBy)
        .ThenBy(m => m.Id);

    public async ValueTask<MovementList> Handle(ListMovements query, CancellationToken cancellationToken)
    {
        var window = query.Window ?? new ListWindow();
        var filter = await StockListFilter.LoadAsync(db, scope, query.LocationId, query.ItemId, query.Lot, cancellationToken);
        var movements = db.StockMovements.AsNoTracking().VisibleTo(scope);
        if (filter.LocationId is { } l) movements = movements.Where(m => m.LocationId == l);
        if (filter.ItemId is { } i) movements = movements.Where(m => m.ItemId == i);
        if (!string.IsNullOrWhiteSpace(query.Lot))
        {
            var number = query.Lot.Trim();
            movements = movements.Where(m => m.Lot.LotNumber == number);
        }
        if (query.Kind is { } kind) movements = movements.Where(m => m.Kind == kind);
        var zone = scope.Time.Zone;
        if (window.From is { } from)
        {
            var start = TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), zone);
            movements = movements.Where(m => m.RecordedAt >= start);
        }
        if (window.To is { } to)
        {
            var end = TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
            movements = movements.Where(m => m.RecordedAt < end);
        }
        if (window.SearchText is { } text)
        {
            var id = long.TryParse(text, out var n) ? n : (long?)null;
            var like = "%" + text.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
            movements = movements.Where(m => m.Id == id || EF.Functions.Like(m.Lot.LotNumber, like) || EF.Functions.Like(m.RecordedBy, like)
                || (m.ReasonCode != null && EF.Functions.Like(m.ReasonCode, like)));
        }
        var page = await movements.PageAsync(window, Sorts, m => new MovementRow(m.Id, m.RecordedAt, m.Kind, m.LocationId, m.ItemId, m.Lot.LotNumber, m.Quantity,
            m.Status, m.ReasonCode, m.ReferenceType, m.ReferenceId, m.RecordedBy, null), cancellationToken);

        var shipmentIds = page.Rows.Where(r => r.ReferenceType == MovementReference.Shipment).Select(r => (int)r.ReferenceId).Distinct().ToList();
        var shipments = shipmentIds.Count == 0
            ? []
            : await db.Shipments.AsNoTracking().VisibleTo(scope).Where(s => shipmentIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Number, cancellationToken);
        var requestIds = page.Rows.Where(r => r.ReferenceType == MovementReference.AllocationRequest).Select(r => (int)r.ReferenceId).Distinct().ToList();
        var requests = requestIds.Count == 0
            ? []
            : await db.AllocationRequests.AsNoTracking().VisibleTo(scope).Where(q => requestIds.Contains(q.Id)).ToDictionaryAsync(q => q.Id, q => q.Number, cancellationToken);
        string? NumberOf(MovementRow r) => r.ReferenceType switch
        {
            MovementReference.Shipment => shipments.GetValueOrDefault((int)r.ReferenceId),
            MovementReference.AllocationRequest => requests.GetValueOrDefault((int)r.ReferenceId),
            _ => null,
        };
        var rows = page.Rows.Select(r => NumberOf(r) is { } number ? r with { ReferenceNumber = number } : r).ToList();
        return new MovementList(filter, page.With(rows));
    }
}
