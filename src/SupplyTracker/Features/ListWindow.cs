using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace SupplyTracker.Features;

/// <summary>
/// What every list asks for besides its own filters: a search text, a sort column, a date range and a page (or every
/// page, for an export of exactly what the list shows). Before: a keyset position instead of a page number — the rows
/// after the one with this key in the list's default order (only lists paged with a <see cref="ListKeyset{T}"/> honour it).
/// </summary>
public sealed record ListWindow(string? Search = null, string? Sort = null, bool Descending = false, DateOnly? From = null, DateOnly? To = null,
    int PageNumber = 1, bool AllPages = false, long? Before = null)
{
    public const int PageSize = 50;

    /// <summary>An export stops here rather than hold a whole ledger in memory.</summary>
    public const int MaxExportRows = 100_000;

    public string? SearchText => string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();
}

/// <summary>One page of a list and how many rows the whole list has.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Rows, int Total, int PageNumber, int PageSize)
{
    public int PageCount => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;

    public Paged<TOther> With<TOther>(IReadOnlyList<TOther> rows) => new(rows, Total, PageNumber, PageSize);
}

/// <summary>The columns a list may be sorted on, by the key the page sends; the first is the default.</summary>
public sealed class ListSorts<T>
{
    private readonly List<(string Key, bool DefaultDescending, Func<IQueryable<T>, bool, IOrderedQueryable<T>> Apply)> _sorts = [];
    private Func<IOrderedQueryable<T>, bool, IOrderedQueryable<T>> _tieBreak = (q, _) => q;

    public ListSorts<T> By<TKey>(string key, Expression<Func<T, TKey>> column, bool defaultDescending = false)
    {
        _sorts.Add((key, defaultDescending, (q, descending) => descending ? q.OrderByDescending(column) : q.OrderBy(column)));
        return this;
    }

    /// <summary>A unique column that keeps equal rows in one order across pages.</summary>
    public ListSorts<T> ThenBy<TKey>(Expression<Func<T, TKey>> column)
    {
        _tieBreak = (q, descending) => descending ? q.ThenByDescending(column) : q.ThenBy(column);
        return this;
    }

    public bool Has(string? key) => _sorts.Exists(s => s.Key == key);

    /// <summary>Whether the window asks for the list's default order (no known sort, or the first one its default way round).</summary>
    public bool IsDefault(ListWindow window)
    {
        var sort = _sorts.Find(s => s.Key == window.Sort);
        return sort.Key is null || (sort.Key == _sorts[0].Key && window.Descending == _sorts[0].DefaultDescending);
    }

    public IOrderedQueryable<T> Apply(IQueryable<T> query, ListWindow window)
    {
        var sort = _sorts.Find(s => s.Key == window.Sort);
        var descending = window.Descending;
        if (sort.Key is null) (sort, descending) = (_sorts[0], _sorts[0].DefaultDescending);
        return _tieBreak(sort.Apply(query, descending), descending);
    }
}

/// <summary>
/// How a long list (the ledger) pages without work that grows with its length, in its default order, which must be
/// <see cref="Key"/> descending (unique). Each shortcut may be left out: the list then counts (<c>COUNT(*)</c>) or skips
/// (<c>OFFSET</c>) as any other list does.
/// </summary>
public sealed class ListKeyset<T>(Expression<Func<T, long>> key)
{
    public Expression<Func<T, long>> Key => key;

    /// <summary>The number of rows of the list, known without counting them.</summary>
    public Func<CancellationToken, Task<int>>? Total { get; init; }

    /// <summary>How many rows come before the first row whose key is below the given one (rows with key ≥ it), without counting them.</summary>
    public Func<long, CancellationToken, Task<int>>? RowsBefore { get; init; }

    /// <summary>The key of the row with this many rows before it (null: past the end), found without skipping rows.</summary>
    public Func<int, CancellationToken, Task<long?>>? KeyAtRank { get; init; }

    internal Expression<Func<T, bool>> Compare(long value, Func<Expression, Expression, BinaryExpression> comparison)
    {
        var bound = new Bound(value);
        return Expression.Lambda<Func<T, bool>>(comparison(key.Body, Expression.Property(Expression.Constant(bound), nameof(Bound.Value))), key.Parameters);
    }

    // A member of a constant object: EF Core sends it as a parameter (one cached plan), not as a literal per value.
    private sealed record Bound(long Value);
}

public static class ListQueries
{
    /// <summary>Sorts, counts and takes the window's page (or every row up to <see cref="ListWindow.MaxExportRows"/>).</summary>
    public static Task<Paged<TRow>> PageAsync<T, TRow>(this IQueryable<T> query, ListWindow window, ListSorts<T> sorts,
        Expression<Func<T, TRow>> row, CancellationToken cancellationToken) => query.PageAsync(window, sorts, row, keyset: null, cancellationToken);

    /// <summary>
    /// The same, and in the default order with a keyset: <see cref="ListWindow.Before"/> is honoured (key below it, no
    /// OFFSET) and the keyset's shortcuts replace the count and the skip.
    /// </summary>
    public static async Task<Paged<TRow>> PageAsync<T, TRow>(this IQueryable<T> query, ListWindow window, ListSorts<T> sorts,
        Expression<Func<T, TRow>> row, ListKeyset<T>? keyset, CancellationToken cancellationToken)
    {
        var total = keyset?.Total is { } known ? await known(cancellationToken) : await query.CountAsync(cancellationToken);
        var ordered = sorts.Apply(query, window);
        if (window.AllPages)
        {
            var all = await ordered.Take(ListWindow.MaxExportRows).Select(row).ToListAsync(cancellationToken);
            return new Paged<TRow>(all, total, 1, Math.Max(1, all.Count));
        }
        var pageCount = Math.Max(1, (total + ListWindow.PageSize - 1) / ListWindow.PageSize);
        var keyed = keyset is not null && sorts.IsDefault(window);
        if (keyed && window.Before is { } before)
        {
            var rowsBefore = keyset!.RowsBefore is { } counted
                ? await counted(before, cancellationToken)
                : await query.Where(keyset.Compare(before, Expression.GreaterThanOrEqual)).CountAsync(cancellationToken);
            var after = await sorts.Apply(query.Where(keyset.Compare(before, Expression.LessThan)), window).Take(ListWindow.PageSize).Select(row)
                .ToListAsync(cancellationToken);
            return new Paged<TRow>(after, total, Math.Clamp(rowsBefore / ListWindow.PageSize + 1, 1, pageCount), ListWindow.PageSize);
        }
        var pageNumber = Math.Clamp(window.PageNumber, 1, pageCount);
        if (keyed && pageNumber > 1 && keyset!.KeyAtRank is { } rank && await rank((pageNumber - 1) * ListWindow.PageSize, cancellationToken) is { } first)
        {
            var page = await sorts.Apply(query.Where(keyset.Compare(first, Expression.LessThanOrEqual)), window).Take(ListWindow.PageSize).Select(row)
                .ToListAsync(cancellationToken);
            return new Paged<TRow>(page, total, pageNumber, ListWindow.PageSize);
        }
        var rows = await ordered.Skip((pageNumber - 1) * ListWindow.PageSize).Take(ListWindow.PageSize).Select(row).ToListAsync(cancellationToken);
        return new Paged<TRow>(rows, total, pageNumber, ListWindow.PageSize);
    }

    /// <summary>The same window over rows already in memory (short lists: users, alerts), with the same sorts.</summary>
    public static Paged<T> Page<T>(this IEnumerable<T> rows, ListWindow window, ListSorts<T> sorts)
    {
        var all = rows.ToList();
        var ordered = sorts.Apply(all.AsQueryable(), window);
        if (window.AllPages) return new Paged<T>([.. ordered.Take(ListWindow.MaxExportRows)], all.Count, 1, Math.Max(1, Math.Min(all.Count, ListWindow.MaxExportRows)));
        var pageCount = Math.Max(1, (all.Count + ListWindow.PageSize - 1) / ListWindow.PageSize);
        var pageNumber = Math.Clamp(window.PageNumber, 1, pageCount);
        return new Paged<T>([.. ordered.Skip((pageNumber - 1) * ListWindow.PageSize).Take(ListWindow.PageSize)], all.Count, pageNumber, ListWindow.PageSize);
    }
}
