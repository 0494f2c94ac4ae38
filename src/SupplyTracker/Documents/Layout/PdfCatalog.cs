using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SupplyTracker.Documents.Layout;

/// <summary>
/// Sets the catalog's /Lang, which SkiaSharp's PDF backend has no setting for, by an incremental update: the file
/// Skia wrote stays as it is, and a new revision of the catalog object, its cross-reference section and a trailer
/// that keeps /Root, /Info and /ID are appended (ISO 32000-1 §7.5.6; PDF/A-2 allows incremental updates).
/// </summary>
public static partial class PdfCatalog
{
    public static byte[] AddLanguage(byte[] pdf, string language)
    {
        if (!LanguageTag().IsMatch(language))
            throw new ArgumentException($"Not a language tag: {language}", nameof(language));
        var text = Encoding.Latin1.GetString(pdf);
        var startxref = text.LastIndexOf("startxref", StringComparison.Ordinal);
        var trailerAt = text.LastIndexOf("trailer", StringComparison.Ordinal);
        if (startxref < 0 || trailerAt < 0 || trailerAt > startxref)
            throw new InvalidOperationException("The PDF has no classic trailer to update.");
        var previous = long.Parse(Number().Match(text, startxref + 9).Value, CultureInfo.InvariantCulture);
        var trailer = text[trailerAt..startxref];
        var root = Reference(trailer, "Root") ?? throw new InvalidOperationException("The trailer names no /Root.");
        var size = Reference(trailer, "Size", reference: false) ?? throw new InvalidOperationException("The trailer has no /Size.");
        var info = Reference(trailer, "Info");
        var idAt = trailer.IndexOf("/ID", StringComparison.Ordinal);
        var id = idAt < 0 ? null : IdArrayAt(trailer, idAt + 3) is { } array ? trailer[idAt..array.End] : null;

        var objectStart = new Regex($@"(?<![0-9]){root} 0 obj\s*", RegexOptions.CultureInvariant).Match(text);
        if (!objectStart.Success) throw new InvalidOperationException($"The catalog object {root} is missing.");
        var dictionary = Dictionary(text, objectStart.Index + objectStart.Length);
        if (dictionary.Contains("/Lang", StringComparison.Ordinal)) return pdf;
        var updated = dictionary[..^2].TrimEnd() + $"\n/Lang ({language})>>";

        var appended = new StringBuilder();
        var body = pdf.Length + (text.EndsWith('\n') ? 0 : 1);
        if (!text.EndsWith('\n')) appended.Append('\n');
        appended.Append(CultureInfo.InvariantCulture, $"{root} 0 obj\n{updated}\nendobj\n");
        var xref = body + appended.Length;
        appended.Append(CultureInfo.InvariantCulture, $"xref\n{root} 1\n{body:D10} 00000 n \ntrailer\n<</Size {size} /Root {root} 0 R");
        if (info is not null) appended.Append(CultureInfo.InvariantCulture, $" /Info {info} 0 R");
        if (id is not null) appended.Append(' ').Append(id);
        appended.Append(CultureInfo.InvariantCulture, $" /Prev {previous}>>\nstartxref\n{xref}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(appended.ToString())];
    }

    /// <summary>
    /// Replaces the document UUID Skia derives from the clock (trailer /ID, XMP DocumentID and InstanceID) by one
    /// derived from the file itself: the same document gives the same bytes. Skia writes the /ID strings in hex or, when
    /// that is shorter, as literal strings with escapes (a few renderings in a hundred, depending on the clock's bytes);
    /// both are read, and the stable one is always written in hex. Only the trailer's length changes, which nothing
    /// points past (its cross-reference section and <c>startxref</c>'s target come before it); the XMP form keeps its length.
    /// </summary>
    public static byte[] StableIdentifier(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var trailerAt = text.LastIndexOf("trailer", StringComparison.Ordinal);
        var idAt = trailerAt < 0 ? -1 : text.IndexOf("/ID", trailerAt, StringComparison.Ordinal);
        if (idAt < 0 || IdArrayAt(text, idAt + 3) is not ({ Length: 16 } uuid, var arrayStart, var arrayEnd)) return pdf;
        var hex = Convert.ToHexString(uuid);
        var dashed = Dashed(hex);
        string With(string id, string xmpId) =>
            string.Concat(text.AsSpan(0, arrayStart), $"[<{id}> <{id}>]", text.AsSpan(arrayEnd)).Replace(dashed, xmpId, StringComparison.Ordinal);
        var blank = With(new string('0', 32), "00000000-0000-0000-0000-000000000000");
        var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.Latin1.GetBytes(blank)).AsSpan(0, 16));
        return Encoding.Latin1.GetBytes(With(digest, Dashed(digest)));
    }

    private static string Dashed(string hex) => $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}".ToLowerInvariant();

    /// <summary>The first string of the array that starts after <paramref name="from"/> (the /ID's two strings are the same UUID), and the array's span.</summary>
    private static (byte[] First, int Start, int End)? IdArrayAt(string text, int from)
    {
        var i = from;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        if (i >= text.Length || text[i] != '[') return null;
        var start = i++;
        byte[]? first = null;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == ']') return first is null ? null : (first, start, i + 1);
            byte[]? value;
            if (c == '<')
            {
                var close = text.IndexOf('>', i);
                if (close < 0) return null;
                var digits = string.Concat(text[(i + 1)..close].Where(Uri.IsHexDigit));
                value = digits.Length % 2 == 0 ? Convert.FromHexString(digits) : null;
                i = close + 1;
            }
            else if (c == '(')
                (value, i) = LiteralString(text, i);
            else
                return null;
            if (value is null) return null;
            first ??= value;
        }
        return null;
    }

    /// <summary>A PDF literal string starting at its "(" (ISO 32000-1 §7.3.4.2: escapes, octal codes, balanced parentheses), and the index after it.</summary>
    private static (byte[]? Value, int Next) LiteralString(string text, int open)
    {
        var bytes = new List<byte>();
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                var e = text[++i];
                if (e is >= '0' and <= '7')
                {
                    var code = 0;
                    var n = 0;
                    for (; n < 3 && i < text.Length && text[i] is >= '0' and <= '7'; n++, i++) code = code * 8 + (text[i] - '0');
                    i--;
                    bytes.Add((byte)code);
                }
                else if (e == '\r' || e == '\n')
                {
                    // A line continuation: nothing.
                    if (e == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                }
                else
                    bytes.Add(e switch { 'n' => (byte)'\n', 'r' => (byte)'\r', 't' => (byte)'\t', 'b' => (byte)'\b', 'f' => (byte)'\f', _ => (byte)e });
                continue;
            }
            if (c == '(' && depth++ == 0) continue;
            if (c == ')' && --depth == 0) return ([.. bytes], i + 1);
            bytes.Add((byte)c);
        }
        return (null, text.Length);
    }

    /// <summary>The catalog's /Lang, or null: what a test or a check reads back.</summary>
    public static string? Language(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var match = LangEntry().Matches(text).LastOrDefault();
        return match?.Groups[1].Value;
    }

    private static int? Reference(string trailer, string key, bool reference = true)
    {
        var match = new Regex(reference ? $@"/{key}\s+(\d+)\s+0\s+R" : $@"/{key}\s+(\d+)", RegexOptions.CultureInvariant).Match(trailer);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The balanced "&lt;&lt; … &gt;&gt;" starting at <paramref name="start"/> (the catalog holds no strings with brackets).</summary>
    private static string Dictionary(string text, int start)
    {
        if (string.CompareOrdinal(text, start, "<<", 0, 2) != 0) throw new InvalidOperationException("The catalog is not a dictionary.");
        var depth = 0;
        for (var i = start; i < text.Length - 1; i++)
        {
            if (text[i] == '<' && text[i + 1] == '<') { depth++; i++; }
            else if (text[i] == '>' && text[i + 1] == '>')
            {
                depth--;
                i++;
                if (depth == 0) return text[start..(i + 1)];
            }
        }
        throw new InvalidOperationException("The catalog dictionary is not closed.");
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"/Lang\s*\(([^)]*)\)")]
    private static partial Regex LangEntry();
}
