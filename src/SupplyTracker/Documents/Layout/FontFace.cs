using HarfBuzzSharp;
using SkiaSharp;

namespace SupplyTracker.Documents.Layout;

/// <summary>
/// One TrueType face of the fallback chain: Skia draws it, HarfBuzz shapes with it and subsets it. Glyph ids are kept
/// when subsetting (HarfBuzz's retain-gids), so the glyphs shaped against the whole face are the glyphs of the subset.
/// </summary>
public sealed class FontFace : IDisposable
{
    private readonly Blob _blob;
    private readonly Face _face;
    private readonly HarfBuzzSharp.Font _font;
    private readonly FontSubsetter _subsetter;

    private FontFace(string path, int faceIndex, SKTypeface typeface, Blob blob, Face face)
    {
        Path = path;
        FaceIndex = faceIndex;
        Typeface = typeface;
        _blob = blob;
        _face = face;
        UnitsPerEm = face.UnitsPerEm;
        _font = new HarfBuzzSharp.Font(face);
        _font.SetFunctionsOpenType();
        _font.SetScale(UnitsPerEm, UnitsPerEm);
        _subsetter = new FontSubsetter(path, faceIndex);
    }

    public string Path { get; }
    public int FaceIndex { get; }
    public string FamilyName => Typeface.FamilyName;
    public int UnitsPerEm { get; }
    internal SKTypeface Typeface { get; }
    internal HarfBuzzSharp.Font HarfBuzzFont => _font;

    /// <summary>The face at <paramref name="path"/>, or null when the file is missing, unreadable or not TrueType outlines (glyf).</summary>
    public static FontFace? Open(string path, int faceIndex)
    {
        if (!File.Exists(path)) return null;
        var typeface = SKTypeface.FromFile(path, faceIndex);
        if (typeface is null) return null;
        var blob = Blob.FromFile(path);
        var face = new Face(blob, faceIndex);
        // CFF outlines come out of Skia's PDF backend as Type 3 bitmaps without a usable text layer: refuse them.
        using var glyf = face.ReferenceTable(Tag.Parse("glyf"));
        if (glyf.Length == 0)
        {
            face.Dispose();
            blob.Dispose();
            typeface.Dispose();
            return null;
        }
        return new FontFace(path, faceIndex, typeface, blob, face);
    }

    public bool Covers(int codepoint) => _font.TryGetGlyph((uint)codepoint, out var glyph) && glyph != 0;

    internal SKTypeface CreateSubset(IEnumerable<int> codepoints, IEnumerable<ushort> glyphs)
    {
        var bytes = _subsetter.Subset(codepoints, glyphs);
        return SKTypeface.FromData(SKData.CreateCopy(bytes))
            ?? throw new InvalidOperationException($"Skia could not load the subset of {Path}.");
    }

    public void Dispose()
    {
        _font.Dispose();
        _face.Dispose();
        _blob.Dispose();
        Typeface.Dispose();
        _subsetter.Dispose();
    }
}
