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
        var whole = filter.LocationId is null && filter.ItemId is null && string.IsNullOrWhiteSpace(query.Lot) && query.Kind is null
            && window.From is null && window.To is null && window.SearchText is null && scope.StationLocationId is null;
        var page = await movements.PageAsync(window, Sorts, m => new MovementRow(m.Id, m.RecordedAt, m.Kind, m.LocationId, m.ItemId, m.Lot.LotNumber, m.Quantity,
            m.Status, m.ReasonCode, m.ReferenceType, m.ReferenceId, m.RecordedBy, null), whole ? WholeLedger() : Keyset, cancellationToken);

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

    // A filtered list pages by keyset too (before=), but counts its rows: COUNT(*) over what the filter selects (by the
    // location, item or lot index), so its cost grows with the filtered rows, not with the whole ledger.
    private static readonly ListKeyset<StockMovement> Keyset = new(m => m.Id);

    /// <summary>
    /// The whole ledger, seen by a caller with no station: sequences run 1, 2, 3… without gaps (the chain; verify-ledger
    /// checks it) and ids rise with them (one writer posts under the write lock), so the total is MAX(Sequence) and a row's
    /// rank is read from its sequence: index seeks, whatever the ledger's length.
    /// </summary>
    private ListKeyset<StockMovement> WholeLedger()
    {
        var ledger = db.StockMovements.AsNoTracking().VisibleTo(scope);
        async Task<long> LastAsync(CancellationToken ct) => await ledger.MaxAsync(m => (long?)m.Sequence, ct) ?? 0;
        return new ListKeyset<StockMovement>(m => m.Id)
        {
            Total = async ct => (int)Math.Min(int.MaxValue, await LastAsync(ct)),
            RowsBefore = async (before, ct) =>
            {
                var below = await ledger.Where(m => m.Id < before).OrderByDescending(m => m.Id).Select(m => (long?)m.Sequence).FirstOrDefaultAsync(ct);
                return (int)Math.Min(int.MaxValue, await LastAsync(ct) - (below ?? 0));
            },
            KeyAtRank = async (rank, ct) =>
            {
                var sequence = await LastAsync(ct) - rank;
                return sequence < 1 ? null : await ledger.Where(m => m.Sequence == sequence).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
            },
        };
    }
}
