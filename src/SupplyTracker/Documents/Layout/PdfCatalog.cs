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
        var id = IdArray().Match(trailer);

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
        if (id.Success) appended.Append(' ').Append(id.Value);
        appended.Append(CultureInfo.InvariantCulture, $" /Prev {previous}>>\nstartxref\n{xref}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(appended.ToString())];
    }

    /// <summary>
    /// Replaces the document UUID Skia derives from the clock (trailer /ID, XMP DocumentID and InstanceID) by one
    /// derived from the file itself, in place and at the same length: the same document gives the same bytes.
    /// </summary>
    public static byte[] StableIdentifier(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var id = IdArray().Matches(text).LastOrDefault();
        var hex = id is null ? null : FirstHex().Match(id.Value).Groups[1].Value;
        if (hex is null || hex.Length != 32) return pdf;
        var dashed = $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}".ToLowerInvariant();
        var zero = new string('0', 32);
        var blank = text.Replace(hex, zero, StringComparison.OrdinalIgnoreCase).Replace(dashed, "00000000-0000-0000-0000-000000000000", StringComparison.Ordinal);
        var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.Latin1.GetBytes(blank)).AsSpan(0, 16));
        var stable = $"{digest[..8]}-{digest[8..12]}-{digest[12..16]}-{digest[16..20]}-{digest[20..]}".ToLowerInvariant();
        return Encoding.Latin1.GetBytes(text.Replace(hex, digest, StringComparison.OrdinalIgnoreCase).Replace(dashed, stable, StringComparison.Ordinal));
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

    [GeneratedRegex(@"/ID\s*\[[^\]]*\]")]
    private static partial Regex IdArray();

    [GeneratedRegex("<([0-9A-Fa-f]+)>")]
    private static partial Regex FirstHex();

    [GeneratedRegex(@"/Lang\s*\(([^)]*)\)")]
    private static partial Regex LangEntry();
}
