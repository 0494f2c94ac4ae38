using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using MiniExcelLibs;
using SupplyTracker.Features;

namespace SupplyTracker.Pages;

/// <summary>The query-string parameters every list takes besides its own filters.</summary>
public sealed class ListParameters
{
    public string? Q { get; set; }
    public string? Sort { get; set; }
    public bool Desc { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public int PageNumber { get; set; } = 1;
    /// <summary>"csv" or "xlsx": every page of what the list shows, as a file.</summary>
    public string? Export { get; set; }

    public bool Exporting => Export is "csv" or "xlsx";

    public ListWindow Window => new(Q, Sort, Desc, From, To, PageNumber, Exporting);
}

/// <summary>A column header: its words, the sort key the list accepts (none: not sortable), right-aligned when numeric.</summary>
/// DefaultDescending: this column is the list's order when none is asked for (true: newest / largest first).
public sealed record ListColumn(string Header, string? Sort = null, bool Numeric = false, bool Hidden = false, bool? DefaultDescending = null);

/// <summary>
/// A list as its page shows it: the columns, the page of rows and the links that keep every filter of the current
/// request while changing the sort, the page or asking for an export (partials _ListHead and _ListPager).
/// </summary>
public sealed class ListView(HttpRequest request, IReadOnlyList<ListColumn> columns, int total, int pageNumber, int pageCount, ListParameters parameters)
{
    public IReadOnlyList<ListColumn> Columns => columns;
    public int Total => total;
    public int PageNumber => pageNumber;
    public int PageCount => pageCount;
    public ListParameters Parameters => parameters;

    public static ListView Of<T>(HttpRequest request, IReadOnlyList<ListColumn> columns, Paged<T> page, ListParameters parameters) =>
        new(request, columns, page.Total, page.PageNumber, page.PageCount, parameters);

    public string Url(params (string Key, string? Value)[] changes)
    {
        var query = request.Query.Where(p => p.Key is not ("export" or "before") && !changes.Any(c => c.Key == p.Key))
            .SelectMany(p => p.Value.Select(v => (p.Key, Value: v)))
            .Concat(changes.Where(c => !string.IsNullOrEmpty(c.Value)).Select(c => (c.Key, c.Value)))
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value ?? "")}");
        var text = string.Join("&", query);
        return request.Path + (text.Length == 0 ? "" : "?" + text);
    }

    /// <summary>The column the list is sorted on now: the one asked for, else the list's default (its <see cref="ListColumn.DefaultDescending"/> set).</summary>
    private (ListColumn? Column, bool Descending) Current()
    {
        var asked = columns.FirstOrDefault(c => c.Sort is not null && c.Sort == parameters.Sort);
        if (asked is not null) return (asked, parameters.Desc);
        var fallback = columns.FirstOrDefault(c => c.DefaultDescending is not null);
        return (fallback, fallback?.DefaultDescending ?? false);
    }

    public string? AriaSort(ListColumn column)
    {
        var (current, descending) = Current();
        if (column.Sort is null || current != column) return null;
        return descending ? "descending" : "ascending";
    }

    /// <summary>The column's link: ascending first, the other way round when it is the current order.</summary>
    public string SortUrl(ListColumn column)
    {
        var (current, descending) = Current();
        var nextDescending = current == column ? !descending : false;
        return Url(("sort", column.Sort), ("desc", nextDescending ? "true" : null), ("pageNumber", null));
    }

    public string PageUrl(int number) => Url(("pageNumber", number == 1 ? null : number.ToString(CultureInfo.InvariantCulture)));

    public string ExportUrl(string format) => Url(("export", format), ("pageNumber", null));
}

/// <summary>A list's rows as a file: CSV in UTF-8 with a byte-order mark (Excel reads the Chinese right), or .xlsx.</summary>
public static class ListExport
{
    public static FileContentResult File(string format, string name, IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        var stamp = name + ".";
        return format == "xlsx"
            ? new FileContentResult(Xlsx(headers, rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") { FileDownloadName = stamp + "xlsx" }
            : new FileContentResult(Csv(headers, rows), "text/csv; charset=utf-8") { FileDownloadName = stamp + "csv" };
    }

    public static byte[] Csv(IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(",", headers.Select(Field))).Append("\r\n");
        foreach (var row in rows) text.Append(string.Join(",", row.Select(Field))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static byte[] Xlsx(IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        var sheet = rows.Select(row =>
        {
            var cells = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < headers.Count; i++) cells[headers[i]] = i < row.Length ? Cell(row[i]) : null;
            return cells;
        }).ToList();
        if (sheet.Count == 0) sheet.Add(headers.ToDictionary(h => h, _ => (object?)null, StringComparer.Ordinal));
        using var stream = new MemoryStream();
        stream.SaveAs(sheet, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static object? Cell(object? value) => value is string s ? Defused(s) : value;

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            string s => Defused(s),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>A text cell that a spreadsheet would run as a formula is written with a leading apostrophe (a signed quantity is not one).</summary>
    private static string Defused(string text) =>
        text.Length > 0 && (text[0] is '=' or '@' || (text[0] is '+' or '-' && (text.Length == 1 || !char.IsAsciiDigit(text[1])))) ? "'" + text : text;
}
