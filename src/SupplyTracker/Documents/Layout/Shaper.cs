using System.Globalization;
using System.Text;
using HarfBuzzSharp;
using Buffer = HarfBuzzSharp.Buffer;

namespace SupplyTracker.Documents.Layout;

/// <summary>
/// One line of text made ready to draw: split into bidi level runs (<see cref="Bidi"/>), each split again by the face
/// that has its grapheme clusters (<see cref="DocumentFont.FaceFor"/>), shaped by HarfBuzz (Arabic joins, marks sit,
/// right-to-left runs come out mirrored and in visual order), runs laid left to right by UAX #9's rule L2.
/// </summary>
internal sealed class Shaper(DocumentFont chain)
{
    public ShapedLine Shape(string text)
    {
        text = Printable(text);
        if (text.Length == 0) return new ShapedLine(text, [], 0);
        var ltr = Bidi.IsLeftToRightOnly(text);
        byte paragraph = 0;
        var levels = ltr ? null : Bidi.Levels(text, out paragraph);

        // Items in logical order: maximal ranges of one level and one face.
        var items = new List<(int Start, int Length, byte Level, FontFace Face)>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        FontFace? previous = null;
        while (enumerator.MoveNext())
        {
            var cluster = (string)enumerator.Current;
            var start = enumerator.ElementIndex;
            var level = levels?[start] ?? 0;
            var face = chain.FaceFor(cluster, previous)
                ?? (IsInvisible(cluster) ? previous ?? chain.Faces[0] : throw Missing(cluster));
            if (items.Count > 0 && items[^1].Level == level && items[^1].Face == face)
                items[^1] = items[^1] with { Length = items[^1].Length + cluster.Length };
            else
                items.Add((start, cluster.Length, level, face));
            previous = face;
        }

        var order = Bidi.VisualOrder([.. items.Select(i => i.Level)]);
        var runs = new List<GlyphRun>(items.Count);
        float x = 0;
        foreach (var index in order)
        {
            var (start, length, level, face) = items[index];
            var run = ShapeRun(text, start, length, (level & 1) == 1, face, x);
            if (run.Glyphs.Length > 0) runs.Add(run);
            x += run.Advance;
        }
        _ = paragraph;
        return new ShapedLine(text, runs, x);
    }

    /// <summary>The text as it will be printed: tabs as spaces, and in replace mode "[U+XXXX]" for what no face has.</summary>
    private string Printable(string text)
    {
        text = text.Replace('\t', ' ');
        if (chain.Missing != MissingCharacters.Replace || chain.FirstMissing(text) is null) return text;
        var output = new StringBuilder(text.Length + 16);
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var cluster = (string)enumerator.Current;
            if (chain.FaceFor(cluster, null) is not null || IsInvisible(cluster)) output.Append(cluster);
            else output.Append('[').Append(DocumentFont.Describe(chain.FirstMissing(cluster) ?? Rune.GetRuneAt(cluster, 0))).Append(']');
        }
        return output.ToString();
    }

    private static bool IsInvisible(string cluster) => cluster.EnumerateRunes().All(r => Ignorable.Is(r.Value) || Rune.IsControl(r));

    private Exception Missing(string cluster)
    {
        var rune = chain.FirstMissing(cluster) ?? Rune.GetRuneAt(cluster, 0);
        return new SupplyTracker.Domain.DomainValidationException("document",
            $"The document contains {DocumentFont.Describe(rune)}, which no font installed for documents can print.");
    }

    private static GlyphRun ShapeRun(string text, int start, int length, bool rtl, FontFace face, float x)
    {
        using var buffer = new Buffer();
        buffer.AddUtf16(text, start, length);
        buffer.Direction = rtl ? Direction.RightToLeft : Direction.LeftToRight;
        buffer.ClusterLevel = ClusterLevel.MonotoneCharacters;
        buffer.Flags = BufferFlags.RemoveDefaultIgnorables
            | (start == 0 ? BufferFlags.BeginningOfText : 0) | (start + length == text.Length ? BufferFlags.EndOfText : 0);
        buffer.GuessSegmentProperties();
        face.HarfBuzzFont.Shape(buffer);

        var infos = buffer.GetGlyphInfoSpan();
        var positions = buffer.GetGlyphPositionSpan();
        var scale = 1f / face.UnitsPerEm;
        var glyphs = new ushort[infos.Length];
        var points = new SkiaSharp.SKPoint[infos.Length];
        var clusters = new int[infos.Length];
        float pen = 0;
        for (var i = 0; i < infos.Length; i++)
        {
            if (infos[i].Codepoint == 0)
                throw new InvalidOperationException(
                    $"{face.FamilyName} drew .notdef for {DocumentFont.Describe(Rune.GetRuneAt(text, (int)infos[i].Cluster))}: no glyph is ever left blank.");
            glyphs[i] = (ushort)infos[i].Codepoint;
            points[i] = new SkiaSharp.SKPoint(pen + positions[i].XOffset * scale, -positions[i].YOffset * scale);
            clusters[i] = (int)infos[i].Cluster - start;
            pen += positions[i].XAdvance * scale;
        }
        // HarfBuzz gives right-to-left glyphs in visual order; they are written in reading order (positions stay visual),
        // so that a reader extracting text in content order gets the characters as they were typed.
        if (rtl)
        {
            Array.Reverse(glyphs);
            Array.Reverse(points);
            Array.Reverse(clusters);
        }
        return new GlyphRun(face, text.Substring(start, length), rtl, glyphs, points, clusters, x, pen);
    }
}

/// <summary>A shaped line at size 1 (multiply by the point size): runs in visual order, left to right.</summary>
internal sealed record ShapedLine(string Text, IReadOnlyList<GlyphRun> Runs, float Advance);

/// <summary>Glyphs of one face and direction; <see cref="Clusters"/> are UTF-16 offsets into <see cref="Text"/>.</summary>
internal sealed record GlyphRun(FontFace Face, string Text, bool RightToLeft, ushort[] Glyphs, SkiaSharp.SKPoint[] Positions, int[] Clusters, float X, float Advance);
