using SkiaSharp;

namespace SupplyTracker.Documents.Layout;

/// <summary>
/// The one CJK font every document is set in. Layout measures with the whole face; each PDF then embeds a subset
/// holding only the characters it uses (glyph advances are the same in both, so the layout stays true).
/// </summary>
public sealed class DocumentFont : IDisposable
{
    /// <summary>Where Debian's packages put TrueType (glyf) CJK fonts; Noto CJK is CFF and comes out as Type 3, so it is not here.</summary>
    public static readonly IReadOnlyList<string> StandardPaths =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    ];

    public const string Package = "fonts-wqy-microhei";

    private readonly FontSubsetter _subsetter;

    private DocumentFont(string path, int faceIndex, SKTypeface typeface)
    {
        Path = path;
        FaceIndex = faceIndex;
        Typeface = typeface;
        _subsetter = new FontSubsetter(path, faceIndex);
    }

    public string Path { get; }
    public int FaceIndex { get; }
    internal SKTypeface Typeface { get; }

    /// <summary>The configured font, else the first standard one that exists; null when there is none.</summary>
    public static DocumentFont? Find(string? configuredPath, int faceIndex = 0)
    {
        var candidates = string.IsNullOrWhiteSpace(configuredPath) ? StandardPaths : [configuredPath];
        foreach (var path in candidates.Where(File.Exists))
        {
            var typeface = SKTypeface.FromFile(path, faceIndex);
            if (typeface is not null && HasChinese(typeface))
                return new DocumentFont(path, faceIndex, typeface);
            typeface?.Dispose();
        }
        return null;
    }

    private static bool HasChinese(SKTypeface typeface)
    {
        using var probe = new SKFont(typeface);
        return probe.ContainsGlyphs("收據");
    }

    internal SKTypeface CreateSubset(IEnumerable<int> codepoints)
    {
        var bytes = _subsetter.Subset(codepoints);
        return SKTypeface.FromData(SKData.CreateCopy(bytes))
            ?? throw new InvalidOperationException("Skia could not load the subset font.");
    }

    public void Dispose()
    {
        Typeface.Dispose();
        _subsetter.Dispose();
    }
}
