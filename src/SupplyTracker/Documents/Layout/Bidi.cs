using ICU4N;
using ICU4N.Globalization;

namespace SupplyTracker.Documents.Layout;

/// <summary>
/// The parts of the Unicode Bidirectional Algorithm (UAX #9) a printed line needs, over ICU's Bidi_Class data: the
/// paragraph level from the first strong character (P2, P3), explicit embeddings and overrides (X1–X8; isolates are
/// treated as embeddings), weak types (W1–W7), neutrals (N1, N2, brackets as ordinary neutrals), implicit levels
/// (I1, I2) and the reordering of a line's runs (L1 trailing whitespace, L2). Mirroring (L4) is HarfBuzz's, which
/// mirrors brackets in right-to-left runs.
/// </summary>
public static class Bidi
{
    private enum C { L, R, AL, EN, ES, ET, AN, CS, NSM, BN, B, S, WS, ON, LRE, LRO, RLE, RLO, PDF, LRI, RLI, FSI, PDI }

    /// <summary>True when the text holds nothing that reads right to left: the common case, laid out as it is.</summary>
    public static bool IsLeftToRightOnly(string text)
    {
        foreach (var c in text)
            if (c >= 0x0590 && !(c >= 0x2000 && c < 0x202A) && !(c > 0x202E && c < 0xFB1D) && !(c >= 0xFE00 && c < 0xFE70) && c < 0xFF00)
                return false;
        return true;
    }

    /// <summary>The embedding level of every UTF-16 unit of one line (a surrogate pair's two units share theirs).</summary>
    public static byte[] Levels(string text, out byte paragraphLevel)
    {
        var n = text.Length;
        var types = new C[n];
        for (var i = 0; i < n; i++)
        {
            var cp = CharExtensions.ConvertToUtf32OrUnit(text, i);
            types[i] = Classify(cp);
            if (cp > 0xFFFF) { types[i + 1] = types[i]; i++; }
        }
        paragraphLevel = FirstStrong(types) == C.R ? (byte)1 : (byte)0;
        var original = (C[])types.Clone();
        var levels = new byte[n];

        // X1–X8: explicit embeddings and overrides on a stack.
        var stack = new Stack<(byte Level, C? Override)>();
        stack.Push((paragraphLevel, null));
        for (var i = 0; i < n; i++)
        {
            var t = types[i];
            var (level, over) = stack.Peek();
            switch (t)
            {
                case C.RLE or C.RLO or C.RLI or C.LRE or C.LRO or C.LRI or C.FSI:
                    var rtl = t is C.RLE or C.RLO or C.RLI || (t == C.FSI && FirstStrong(types.AsSpan(i + 1)) == C.R);
                    var next = rtl ? (byte)((level + 1) | 1) : (byte)((level + 2) & ~1);
                    levels[i] = level;
                    if (next <= 125)
                        stack.Push((next, t is C.RLO ? C.R : t is C.LRO ? C.L : null));
                    types[i] = C.BN;
                    break;
                case C.PDF or C.PDI:
                    if (stack.Count > 1) stack.Pop();
                    levels[i] = stack.Peek().Level;
                    types[i] = C.BN;
                    break;
                case C.B:
                    levels[i] = paragraphLevel;
                    break;
                default:
                    levels[i] = level;
                    if (over is { } forced && t != C.BN) types[i] = forced;
                    break;
            }
        }

        // Level runs (X10), each resolved on its own with sos/eos from the higher of the neighbouring levels.
        var start = 0;
        while (start < n)
        {
            var end = start;
            while (end < n && levels[end] == levels[start]) end++;
            var before = start == 0 ? paragraphLevel : levels[start - 1];
            var after = end == n ? paragraphLevel : levels[end];
            var sos = (Math.Max(before, levels[start]) & 1) == 1 ? C.R : C.L;
            var eos = (Math.Max(after, levels[start]) & 1) == 1 ? C.R : C.L;
            ResolveRun(types, levels, start, end, sos, eos);
            start = end;
        }

        // L1: segment and paragraph separators, and whitespace before them or at the line's end, go to the paragraph level.
        var trailing = true;
        for (var i = n - 1; i >= 0; i--)
        {
            var o = original[i];
            if (o is C.S or C.B) { levels[i] = paragraphLevel; trailing = true; continue; }
            if (trailing && o is C.WS or C.BN or C.LRE or C.RLE or C.LRO or C.RLO or C.PDF or C.LRI or C.RLI or C.FSI or C.PDI)
                levels[i] = paragraphLevel;
            else trailing = false;
        }
        return levels;
    }

    private static void ResolveRun(C[] types, byte[] levels, int start, int end, C sos, C eos)
    {
        var level = levels[start];
        var embedding = (level & 1) == 1 ? C.R : C.L;
        // W1: NSM takes the type of what precedes it.
        var prev = sos;
        for (var i = start; i < end; i++)
        {
            if (types[i] == C.BN) continue;
            if (types[i] == C.NSM) types[i] = prev;
            prev = types[i];
        }
        // W2: EN after AL is AN. W3: AL is R.
        var lastStrong = sos;
        for (var i = start; i < end; i++)
        {
            var t = types[i];
            if (t == C.EN && lastStrong == C.AL) types[i] = C.AN;
            if (t is C.L or C.R or C.AL) lastStrong = t;
        }
        for (var i = start; i < end; i++)
            if (types[i] == C.AL) types[i] = C.R;
        // W4: a single separator between two numbers of the same kind joins them.
        for (var i = start + 1; i < end - 1; i++)
        {
            if (types[i] == C.ES && types[i - 1] == C.EN && types[i + 1] == C.EN) types[i] = C.EN;
            else if (types[i] == C.CS && types[i - 1] == types[i + 1] && types[i - 1] is C.EN or C.AN) types[i] = types[i - 1];
        }
        // W5: terminators next to European numbers are numbers.
        for (var i = start; i < end; i++)
        {
            if (types[i] != C.ET) continue;
            var j = i;
            while (j < end && types[j] is C.ET or C.BN) j++;
            var touches = (j < end && types[j] == C.EN) || (i > start && types[i - 1] == C.EN);
            for (var k = i; k < j; k++) if (touches && types[k] == C.ET) types[k] = C.EN;
            i = j - 1;
        }
        // W6: remaining separators and terminators are neutral.
        for (var i = start; i < end; i++)
            if (types[i] is C.ES or C.ET or C.CS) types[i] = C.ON;
        // W7: European numbers after L are L.
        lastStrong = sos;
        for (var i = start; i < end; i++)
        {
            if (types[i] is C.L or C.R) lastStrong = types[i];
            else if (types[i] == C.EN && lastStrong == C.L) types[i] = C.L;
        }
        // N1, N2: a run of neutrals between two strong types of the same direction takes it; else the embedding direction.
        for (var i = start; i < end; i++)
        {
            if (!IsNeutral(types[i])) continue;
            var j = i;
            while (j < end && IsNeutral(types[j])) j++;
            var left = i == start ? sos : Strong(types[i - 1]);
            var right = j == end ? eos : Strong(types[j]);
            var resolved = left == right ? left : embedding;
            for (var k = i; k < j; k++) types[k] = resolved;
            i = j - 1;
        }
        // I1, I2.
        for (var i = start; i < end; i++)
        {
            var t = types[i];
            if ((level & 1) == 0)
                levels[i] = (byte)(t == C.R ? level + 1 : t is C.AN or C.EN ? level + 2 : level);
            else
                levels[i] = (byte)(t is C.L or C.EN or C.AN ? level + 1 : level);
        }
    }

    private static bool IsNeutral(C t) => t is C.ON or C.WS or C.S or C.B or C.BN;

    private static C Strong(C t) => t is C.EN or C.AN ? C.R : t;

    private static C FirstStrong(ReadOnlySpan<C> types)
    {
        var depth = 0;
        foreach (var t in types)
        {
            if (t is C.LRI or C.RLI or C.FSI) depth++;
            else if (t == C.PDI && depth > 0) depth--;
            else if (depth == 0 && t == C.L) return C.L;
            else if (depth == 0 && t is C.R or C.AL) return C.R;
        }
        return C.L;
    }

    /// <summary>L2: the visual order of runs given their levels (indices into <paramref name="levels"/>' runs, left to right).</summary>
    public static int[] VisualOrder(IReadOnlyList<byte> levels)
    {
        var order = Enumerable.Range(0, levels.Count).ToArray();
        if (levels.Count == 0) return order;
        var highest = levels.Max();
        var lowestOdd = levels.Where(l => (l & 1) == 1).DefaultIfEmpty((byte)(highest + 1)).Min();
        for (var level = highest; level >= lowestOdd && level > 0; level--)
        {
            for (var i = 0; i < order.Length; i++)
            {
                if (levels[order[i]] < level) continue;
                var j = i;
                while (j < order.Length && levels[order[j]] >= level) j++;
                Array.Reverse(order, i, j - i);
                i = j;
            }
        }
        return order;
    }

    private static C Classify(int codepoint) => UChar.GetDirection(codepoint) switch
    {
        UCharacterDirection.LeftToRight => C.L,
        UCharacterDirection.RightToLeft => C.R,
        UCharacterDirection.RightToLeftArabic => C.AL,
        UCharacterDirection.EuropeanNumber => C.EN,
        UCharacterDirection.EuropeanNumberSeparator => C.ES,
        UCharacterDirection.EuropeanNumberTerminator => C.ET,
        UCharacterDirection.ArabicNumber => C.AN,
        UCharacterDirection.CommonNumberSeparator => C.CS,
        UCharacterDirection.DirNonSpacingMark => C.NSM,
        UCharacterDirection.BoundaryNeutral => C.BN,
        UCharacterDirection.BlockSeparator => C.B,
        UCharacterDirection.SegmentSeparator => C.S,
        UCharacterDirection.WhiteSpaceNeutral => C.WS,
        UCharacterDirection.LeftToRightEmbedding => C.LRE,
        UCharacterDirection.LeftToRightOverride => C.LRO,
        UCharacterDirection.RightToLeftEmbedding => C.RLE,
        UCharacterDirection.RightToLeftOverride => C.RLO,
        UCharacterDirection.PopDirectionalFormat => C.PDF,
        UCharacterDirection.LeftToRightIsolate => C.LRI,
        UCharacterDirection.RightToLeftIsolate => C.RLI,
        UCharacterDirection.FirstStrongIsolate => C.FSI,
        UCharacterDirection.PopDirectionalIsolate => C.PDI,
        _ => C.ON,
    };
}

internal static class CharExtensions
{
    public static int ConvertToUtf32OrUnit(string text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1])
            ? char.ConvertToUtf32(text[index], text[index + 1]) : text[index];
}
