using System.Globalization;
using System.Text;
using ICU4N.Text;

namespace SupplyTracker.Documents.Layout;

/// <summary>
/// Greedy line breaking at the break opportunities of UAX #14 (ICU's line break iterator): Chinese may break between
/// two characters, Latin words, numbers, lot numbers and codes only where the standard allows (at spaces, after a
/// hyphen that is not followed by a digit), a closing mark never starts a line and an opening one never ends it. A
/// piece wider than the line is never cut: it gets a line of its own (the composer draws it smaller to fit).
/// </summary>
public static class LineBreaker
{
    private static readonly ThreadLocal<BreakIterator> Iterator = new(() => BreakIterator.GetLineInstance(CultureInfo.InvariantCulture));

    public static IReadOnlyList<string> Break(string text, float maxWidth, Func<string, float> measure) => Break(text, maxWidth, measure, breakable: true);

    /// <summary><paramref name="breakable"/> false keeps each paragraph whole (a lot number, a code).</summary>
    public static IReadOnlyList<string> Break(string text, float maxWidth, Func<string, float> measure, bool breakable)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (breakable) BreakParagraph(paragraph, maxWidth, measure, lines);
            else lines.Add(paragraph);
        }
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
            // A piece wider than the whole line stays whole, on a line of its own.
            if (measure(segment.TrimEnd()) > maxWidth)
            {
                lines.Add(segment.TrimEnd());
                continue;
            }
            line.Append(segment);
        }
        if (line.Length > 0 || lines.Count == 0 || paragraph.Length == 0)
            lines.Add(line.ToString().TrimEnd());
    }

    /// <summary>Pieces between two UAX #14 break opportunities; a line ends only between two of them. Trailing spaces stay with their piece.</summary>
    internal static IEnumerable<string> Segments(string text)
    {
        if (text.Length == 0) yield break;
        var iterator = Iterator.Value!;
        iterator.SetText(text);
        var boundaries = new List<int>();
        for (var boundary = iterator.First(); boundary != BreakIterator.Done; boundary = iterator.Next())
            boundaries.Add(boundary);
        for (var i = 1; i < boundaries.Count; i++)
            yield return text[boundaries[i - 1]..boundaries[i]];
    }
}
