using System.Globalization;
using System.Text;

namespace SupplyTracker.Documents.Layout;

/// <summary>
/// The fallback chain every document is set in: for each grapheme cluster, the first face that has a glyph for all
/// of its characters (see <see cref="Shaper"/>). Layout measures with the whole faces; each PDF then embeds, per face,
/// a subset holding only the glyphs it uses (same glyph ids and advances, so the layout stays true).
/// </summary>
public sealed class DocumentFont : IDisposable
{
    /// <summary>
    /// Debian's TrueType (glyf) faces, in the order they are tried: WenQuanYi Micro Hei (Chinese, Latin), Noto Sans
    /// Arabic, DejaVu Sans (accents, symbols), HanaMin A and B (CJK extensions A to G), Symbola (monochrome emoji).
    /// Noto CJK is CFF and comes out as Type 3, so it is not here.
    /// </summary>
    public static readonly IReadOnlyList<string> StandardChain =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
        "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
        "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    ];

    /// <summary>Where the first face (the one that must be there) may be: kept for the start-up message.</summary>
    public static IReadOnlyList<string> StandardPaths => [StandardChain[0], "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"];

    public const string Package = "fonts-wqy-microhei";

    /// <summary>The Debian packages the standard chain comes from (scripts/setup, .ci/run and the Dockerfile install them).</summary>
    public const string Packages = "fonts-wqy-microhei fonts-noto-core fonts-dejavu-core fonts-hanazono fonts-symbola";

    private readonly Shaper _shaper;

    private DocumentFont(IReadOnlyList<FontFace> faces, MissingCharacters missing)
    {
        Faces = faces;
        Missing = missing;
        _shaper = new Shaper(this);
    }

    public IReadOnlyList<FontFace> Faces { get; }

    /// <summary>What happens to a character no face has: refuse the document (default) or print a visible stand-in.</summary>
    public MissingCharacters Missing { get; }

    /// <summary>The primary face (the Chinese one): kept for callers that only report where the font is.</summary>
    public string Path => Faces[0].Path;

    public int FaceIndex => Faces[0].FaceIndex;

    internal Shaper Shaper => _shaper;

    /// <summary>
    /// The configured chain ("path" or "path#faceIndex" entries), else the standard one; faces that are missing or not
    /// TrueType are skipped. Null when the first usable face has no Chinese: documents cannot be rendered.
    /// </summary>
    public static DocumentFont? Find(string? configuredPath, int faceIndex = 0, IEnumerable<string>? chain = null,
        MissingCharacters missing = MissingCharacters.Refuse)
    {
        var entries = new List<(string Path, int Index)>();
        if (!string.IsNullOrWhiteSpace(configuredPath)) entries.Add((configuredPath, faceIndex));
        var rest = chain?.Where(e => !string.IsNullOrWhiteSpace(e)).ToList() is { Count: > 0 } configured ? configured : (IEnumerable<string>)StandardChain;
        if (string.IsNullOrWhiteSpace(configuredPath) && chain is null && !File.Exists(StandardChain[0]))
            entries.Add((StandardPaths[1], 0));
        foreach (var entry in rest)
        {
            var hash = entry.LastIndexOf('#');
            entries.Add(hash > 0 && int.TryParse(entry[(hash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? (entry[..hash], index) : (entry, 0));
        }
        var faces = new List<FontFace>();
        foreach (var (path, index) in entries.Distinct())
            if (FontFace.Open(path, index) is { } face) faces.Add(face);
        if (faces.Count == 0 || !faces[0].Covers('收') || !faces[0].Covers('據'))
        {
            foreach (var face in faces) face.Dispose();
            return null;
        }
        return new DocumentFont(faces, missing);
    }

    /// <summary>The face that draws <paramref name="cluster"/> (one grapheme), or null when none has all of its characters.</summary>
    internal FontFace? FaceFor(string cluster, FontFace? previous)
    {
        // Spaces, digits and punctuation stay in the face of the text around them.
        if (previous is not null && !StartsWithLetter(cluster) && CoversAll(previous, cluster)) return previous;
        foreach (var face in Faces)
            if (CoversAll(face, cluster)) return face;
        return null;
    }

    private static bool StartsWithLetter(string cluster) =>
        Rune.GetUnicodeCategory(Rune.GetRuneAt(cluster, 0)) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.OtherLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherSymbol;

    private static bool CoversAll(FontFace face, string cluster)
    {
        foreach (var rune in cluster.EnumerateRunes())
            if (!Ignorable.Is(rune.Value) && !face.Covers(rune.Value)) return false;
        return true;
    }

    /// <summary>The first character of <paramref name="text"/> that no face of the chain can draw, or null.</summary>
    public Rune? FirstMissing(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var cluster = (string)enumerator.Current;
            if (cluster is "\n" or "\r\n" or "\r" or "\t") continue;
            if (FaceFor(cluster, null) is not null) continue;
            foreach (var rune in cluster.EnumerateRunes())
                if (!Ignorable.Is(rune.Value) && !Faces.Any(f => f.Covers(rune.Value))) return rune;
            return Rune.GetRuneAt(cluster, 0);
        }
        return null;
    }

    /// <summary>
    /// Refuses a field holding a character no face has, naming both: issuing stops before a receipt could lose it.
    /// In <see cref="MissingCharacters.Replace"/> mode nothing is refused (the stand-in is printed instead).
    /// </summary>
    public void EnsurePrintable(string? text, string field)
    {
        if (Missing == MissingCharacters.Replace) return;
        if (FirstMissing(text) is { } rune)
            throw new SupplyTracker.Domain.DomainValidationException(field,
                $"'{field}' contains {Describe(rune)}, which no font installed for documents can print; the receipt would lose it. " +
                "Install a font that has it (Documents:FontChain) or correct the text.");
    }

    public static string Describe(Rune rune) => string.Create(CultureInfo.InvariantCulture, $"U+{rune.Value:X4}");

    public void Dispose()
    {
        foreach (var face in Faces) face.Dispose();
    }
}

public enum MissingCharacters
{
    /// <summary>A document holding a character no font has is not produced; the error names the character and the field.</summary>
    Refuse,

    /// <summary>The character is printed as a visible "[U+XXXX]" stand-in.</summary>
    Replace,
}

/// <summary>Unicode's Default_Ignorable_Code_Point: characters that are never drawn (joiners, variation selectors, bidi controls).</summary>
internal static class Ignorable
{
    public static bool Is(int c) => c switch
    {
        0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFEFF or 0xFFA0 => true,
        >= 0x180B and <= 0x180F => true,
        >= 0x200B and <= 0x200F => true,
        >= 0x202A and <= 0x202E => true,
        >= 0x2060 and <= 0x206F => true,
        >= 0xFE00 and <= 0xFE0F => true,
        >= 0xFFF0 and <= 0xFFF8 => true,
        >= 0x1BCA0 and <= 0x1BCA3 => true,
        >= 0x1D173 and <= 0x1D17A => true,
        >= 0xE0000 and <= 0xE0FFF => true,
        _ => false,
    };
}
