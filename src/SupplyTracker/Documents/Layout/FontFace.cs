using System.IO.MemoryMappedFiles;
using HarfBuzzSharp;
using SkiaSharp;

namespace SupplyTracker.Documents.Layout;

/// <summary>
/// One TrueType face of the fallback chain: Skia draws it, HarfBuzz shapes with it and subsets it. Glyph ids are kept
/// when subsetting (HarfBuzz's retain-gids), so the glyphs shaped against the whole face are the glyphs of the subset.
/// </summary>
public sealed class FontFace : IDisposable
{
    private readonly MappedFile _file;
    private readonly Blob _blob;
    private readonly Face _face;
    private readonly HarfBuzzSharp.Font _font;
    private readonly FontSubsetter _subsetter;

    private FontFace(string path, int faceIndex, SKTypeface typeface, MappedFile file, Blob blob, Face face)
    {
        Path = path;
        FaceIndex = faceIndex;
        Typeface = typeface;
        _file = file;
        _blob = blob;
        _face = face;
        UnitsPerEm = face.UnitsPerEm;
        _font = new HarfBuzzSharp.Font(face);
        _font.SetFunctionsOpenType();
        _font.SetScale(UnitsPerEm, UnitsPerEm);
        // The subsetter reads the same parsed face (was: its own copy of the file).
        _subsetter = new FontSubsetter(face.Handle);
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
        // HarfBuzz reads the file through a read-only memory mapping: Blob.FromFile (and the subsetter's own
        // hb_blob_create_from_file) copied each whole file onto the heap — twice the 53 MB of the Hanazono fallback faces,
        // 120 MB resident for fonts a receipt seldom touches. Mapped, only the pages shaping and subsetting read are resident,
        // and they are the page cache's, not the process's own.
        var file = MappedFile.Open(path);
        var blob = new Blob(file.Pointer, checked((int)file.Length), MemoryMode.ReadOnly);
        var face = new Face(blob, faceIndex);
        // CFF outlines come out of Skia's PDF backend as Type 3 bitmaps without a usable text layer: refuse them.
        using var glyf = face.ReferenceTable(Tag.Parse("glyf"));
        if (glyf.Length == 0)
        {
            face.Dispose();
            blob.Dispose();
            file.Dispose();
            typeface.Dispose();
            return null;
        }
        return new FontFace(path, faceIndex, typeface, file, blob, face);
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
        _subsetter.Dispose();
        _face.Dispose();
        _blob.Dispose();
        _file.Dispose();
        Typeface.Dispose();
    }

    /// <summary>A font file mapped read-only; the pointer stays valid until disposed.</summary>
    private sealed unsafe class MappedFile : IDisposable
    {
        private readonly MemoryMappedFile _map;
        private readonly MemoryMappedViewAccessor _view;

        private MappedFile(MemoryMappedFile map, MemoryMappedViewAccessor view, long length)
        {
            _map = map;
            _view = view;
            Length = length;
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            Pointer = (IntPtr)(pointer + view.PointerOffset);
        }

        public IntPtr Pointer { get; }
        public long Length { get; }

        public static MappedFile Open(string path)
        {
            var length = new FileInfo(path).Length;
            var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            return new MappedFile(map, map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read), length);
        }

        public void Dispose()
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map.Dispose();
        }
    }
}
