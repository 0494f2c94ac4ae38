using Microsoft.Extensions.Options;
using SupplyTracker.Documents.Layout;

namespace SupplyTracker.Documents;

/// <summary>The font chain found at start-up (configured path or the standard Debian locations), shared by every document.</summary>
public sealed class InstalledFont(IOptions<DocumentOptions> options) : IDisposable
{
    private readonly Lazy<DocumentFont?> _font = new(() => DocumentFont.Find(options.Value.FontPath, options.Value.FontFaceIndex,
        options.Value.FontChain.Count > 0 ? options.Value.FontChain : null, options.Value.MissingCharacters));

    public DocumentFont? Font => _font.Value;

    public DocumentFont Require() => Font ?? throw new DocumentFontMissingException(options.Value.FontPath);

    public void Dispose()
    {
        if (_font.IsValueCreated) _font.Value?.Dispose();
    }
}

/// <summary>No usable CJK font: documents cannot be rendered until one is installed (mapped to 503).</summary>
public sealed class DocumentFontMissingException(string? configuredPath) : Exception(
    string.IsNullOrWhiteSpace(configuredPath)
        ? $"No TrueType CJK font was found in {string.Join(" or ", DocumentFont.StandardPaths)}. Install the Debian package {DocumentFont.Package} (scripts/setup does) or set Documents:FontPath."
        : $"The font configured in Documents:FontPath ('{configuredPath}') is missing or has no Chinese glyphs. Install {DocumentFont.Package} or fix the path.");

/// <summary>A rendered document and the file name it is offered under.</summary>
public sealed record RenderedDocument(byte[] Pdf, string FileName);
