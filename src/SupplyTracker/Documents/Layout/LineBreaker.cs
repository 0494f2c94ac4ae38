using System.Text;

namespace SupplyTracker.Documents.Layout;

/// <summary>
/// Greedy line breaking: Chinese may break between any two characters, Latin only at spaces, a closing mark
/// (，。、；：？！」』） and the like) never starts a line and an opening one never ends it. A word wider than the line
/// is the only thing ever cut inside.
/// </summary>
public static class LineBreaker
{
    private const string Closing = "，。、；：？！」』）》〉】〕．，,.;:?!)]}%·ー～";
    private const string Opening = "「『（《〈【〔([{";

    public static IReadOnlyList<string> Break(string text, float maxWidth, Func<string, float> measure)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            BreakParagraph(paragraph, maxWidth, measure, lines);
        return lines;
    }

    private static void BreakParagraph(string paragraph, float maxWidth, Func<string, float> measure, List<string> lines)
    {
        var line = new StringBuilder();
        foreach (var segment in Segments(paragraph))
        {
            var candidate = line.ToString() + segment;
            if (measure(candidate.TrimEnd()) <= maxWidth)
            {
                line.Append(segment);
                continue;
            }
            if (line.Length > 0)
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
            }
            var rest = segment.TrimStart();
            // Only a segment wider than a whole line is cut, character by character.
            while (measure(rest.TrimEnd()) > maxWidth)
            {
                var fit = FittingPrefix(rest, maxWidth, measure);
                lines.Add(rest[..fit]);
                rest = rest[fit..];
            }
            line.Append(rest);
        }
        if (line.Length > 0 || lines.Count == 0 || paragraph.Length == 0)
            lines.Add(line.ToString().TrimEnd());
    }

    private static int FittingPrefix(string text, float maxWidth, Func<string, float> measure)
    {
        var length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var next = length + rune.Utf16SequenceLength;
            if (length > 0 && measure(text[..next]) > maxWidth) break;
            length = next;
        }
        return length;
    }

    /// <summary>Pieces that are never broken inside; a line ends only between two of them. Trailing spaces stay with their word.</summary>
    internal static IEnumerable<string> Segments(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length;)
        {
            var rune = Rune.GetRuneAt(text, i);
            var end = i + rune.Utf16SequenceLength;
            if (end >= text.Length) break;
            var next = Rune.GetRuneAt(text, end);
            if (CanBreakBetween(rune, next))
            {
                yield return text[start..end];
                start = end;
            }
            i = end;
        }
        if (start < text.Length)
            yield return text[start..];
    }

    private static bool CanBreakBetween(Rune before, Rune after)
    {
        if (IsClosing(after) || IsOpening(before)) return false;
        if (Rune.IsWhiteSpace(after)) return false;
        if (Rune.IsWhiteSpace(before)) return true;
        return IsWide(before) || IsWide(after);
    }

    private static bool IsClosing(Rune rune) => rune.IsBmp && Closing.Contains((char)rune.Value, StringComparison.Ordinal);

    private static bool IsOpening(Rune rune) => rune.IsBmp && Opening.Contains((char)rune.Value, StringComparison.Ordinal);

    /// <summary>Ideographs, kana, hangul and full-width forms: scripts written without spaces.</summary>
    internal static bool IsWide(Rune rune) => rune.Value switch
    {
        >= 0x2E80 and <= 0x9FFF => true,
        >= 0xAC00 and <= 0xD7AF => true,
        >= 0xF900 and <= 0xFAFF => true,
        >= 0xFE30 and <= 0xFE4F => true,
        >= 0xFF00 and <= 0xFFEF => true,
        >= 0x20000 and <= 0x3FFFF => true,
        _ => false,
    };
}
