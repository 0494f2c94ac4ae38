using System.Runtime.InteropServices;

namespace SupplyTracker.Documents.Layout;

/// <summary>
/// HarfBuzz's subsetter through the native exports of libHarfBuzzSharp (the managed HarfBuzzSharp has no subset API).
/// The face is parsed once and shared: HarfBuzz objects are safe to read from several threads.
/// </summary>
internal sealed partial class FontSubsetter : IDisposable
{
    private const string Library = "libHarfBuzzSharp";

    private readonly IntPtr _face;

    /// <summary>Subsets the given hb_face_t (a reference is taken, so the subsetter may outlive its creator's handle).</summary>
    public FontSubsetter(IntPtr face) => _face = hb_face_reference(face);

    private const uint RetainGlyphIds = 0x2; // HB_SUBSET_FLAGS_RETAIN_GIDS

    /// <summary>
    /// A standalone TrueType font holding only the glyphs for <paramref name="codepoints"/> and <paramref name="glyphs"/>
    /// (plus .notdef), each at its original glyph id, so glyphs shaped against the whole face draw from the subset.
    /// </summary>
    /// <remarks>
    /// Renderings on several threads subset the one shared face at once: HarfBuzz objects are safe to read concurrently
    /// (their lazily loaded tables are installed atomically). A lock here (session 7) guarded against a race suspected
    /// behind two differing renderings of one receipt; the cause was Skia's literal-string /ID
    /// (<see cref="PdfCatalog.StableIdentifier"/>), and the archive test now renders 100 times on four threads.
    /// </remarks>
    public byte[] Subset(IEnumerable<int> codepoints, IEnumerable<ushort> glyphs)
    {
        var input = hb_subset_input_create_or_fail();
        if (input == IntPtr.Zero) throw new InvalidOperationException("HarfBuzz could not allocate a subset input.");
        try
        {
            var unicodes = hb_subset_input_unicode_set(input);
            foreach (var codepoint in codepoints)
                hb_set_add(unicodes, (uint)codepoint);
            var glyphSet = hb_subset_input_glyph_set(input);
            foreach (var glyph in glyphs)
                hb_set_add(glyphSet, glyph);
            hb_subset_input_set_flags(input, RetainGlyphIds);
            var subset = hb_subset_or_fail(_face, input);
            if (subset == IntPtr.Zero) throw new InvalidOperationException("HarfBuzz could not subset the font.");
            try
            {
                var blob = hb_face_reference_blob(subset);
                try
                {
                    var data = hb_blob_get_data(blob, out var length);
                    var bytes = new byte[length];
                    Marshal.Copy(data, bytes, 0, (int)length);
                    return bytes;
                }
                finally { hb_blob_destroy(blob); }
            }
            finally { hb_face_destroy(subset); }
        }
        finally { hb_subset_input_destroy(input); }
    }

    public void Dispose() => hb_face_destroy(_face);

    [LibraryImport(Library)]
    private static partial IntPtr hb_face_reference(IntPtr face);

    [LibraryImport(Library)]
    private static partial void hb_face_destroy(IntPtr face);

    [LibraryImport(Library)]
    private static partial void hb_blob_destroy(IntPtr blob);

    [LibraryImport(Library)]
    private static partial IntPtr hb_blob_get_data(IntPtr blob, out uint length);

    [LibraryImport(Library)]
    private static partial IntPtr hb_face_reference_blob(IntPtr face);

    [LibraryImport(Library)]
    private static partial IntPtr hb_subset_input_create_or_fail();

    [LibraryImport(Library)]
    private static partial void hb_subset_input_destroy(IntPtr input);

    [LibraryImport(Library)]
    private static partial IntPtr hb_subset_input_unicode_set(IntPtr input);

    [LibraryImport(Library)]
    private static partial IntPtr hb_subset_input_glyph_set(IntPtr input);

    [LibraryImport(Library)]
    private static partial void hb_subset_input_set_flags(IntPtr input, uint flags);

    [LibraryImport(Library)]
    private static partial void hb_set_add(IntPtr set, uint codepoint);

    [LibraryImport(Library)]
    private static partial IntPtr hb_subset_or_fail(IntPtr source, IntPtr input);
}
