using System.Collections;
using QRCoder;
using SkiaSharp;

namespace SupplyTracker.Documents.Layout;

public enum Align { Left, Center, Right }

/// <param name="Token">The cells are tokens (lot numbers, codes) that are never broken: one too wide is drawn smaller.</param>
public sealed record TableColumn(string Header, float Weight, Align Align = Align.Left, bool Token = false);

/// <summary>
/// Title, author, date and language written into the PDF (document info, XMP and the catalog's /Lang); the date is
/// the document's own, so the layout of the same input is the same. <paramref name="Language"/> is a BCP 47 tag.
/// </summary>
public sealed record DocumentInfo(string Title, string Author, DateTime Date, string Language = "zh-Hant");

/// <summary>
/// A small flow layout over A4 pages: paragraphs that wrap (see <see cref="LineBreaker"/>), tables whose rows never
/// split and whose header repeats on every page, blocks kept together, QR codes as vector squares, a footer and an
/// optional diagonal stamp on every page. Layout only records what to draw; <see cref="ToPdf"/> then subsets the font
/// to the characters actually used and draws everything through SkiaSharp's PDF backend.
/// </summary>
public sealed class PdfComposer(DocumentFont font, float pageMargin = 48f)
{
    private readonly float _margin = pageMargin;
    public const float PageWidth = 595.28f;
    public const float PageHeight = 841.89f;
    private const float FooterHeight = 28f;
    private const float CellPadding = 4f;

    private static readonly SKColor Ink = new(0x1F, 0x23, 0x28);
    private static readonly SKColor Rule = new(0x8A, 0x93, 0x9C);
    private static readonly SKColor HeaderFill = new(0xE9, 0xEC, 0xEF);

    private readonly List<List<DrawOp>> _pages = [[]];
    private readonly Dictionary<string, ShapedLine> _shaped = new(StringComparer.Ordinal);

    public float Left => _margin;
    public float Right => PageWidth - _margin;
    public float ContentWidth => PageWidth - 2 * _margin;
    public float Top => _margin;
    public float Bottom => PageHeight - _margin - FooterHeight;
    /// <summary>The cursor: distance from the top of the page to where the next block starts.</summary>
    public float Y { get; set; } = pageMargin;
    public int PageCount => _pages.Count;

    /// <summary>Footer text for page n of total (e.g. "第 1 頁／共 2 頁"), centred under every page.</summary>
    public Func<int, int, string>? Footer { get; set; }

    /// <summary>Small text at the left of every footer (e.g. the document number).</summary>
    public string? FooterNote { get; set; }

    /// <summary>
    /// A line at the top of every continuation page (page n of total), e.g. title, donor and number, so a loose
    /// second page still says whose document it is. The space is reserved when the page is started.
    /// </summary>
    public Func<int, int, string>? RunningHeader { get; set; }

    private const float RunningHeaderHeight = 24f;

    /// <summary>A diagonal stamp across every page (e.g. "作廢 / VOID").</summary>
    public string? Stamp { get; set; }

    private List<DrawOp> Page => _pages[^1];

    public static float LineHeight(float size) => size * 1.45f;

    public float Measure(string text, float size) => Shape(text).Advance * size;

    private ShapedLine Shape(string text)
    {
        if (!_shaped.TryGetValue(text, out var line))
            _shaped[text] = line = font.Shaper.Shape(text);
        return line;
    }

    public IReadOnlyList<string> Wrap(string text, float size, float width, bool breakable = true) =>
        LineBreaker.Break(text, width, t => Measure(t, size), breakable);

    /// <summary>
    /// Draws a line that an unbreakable piece makes wider than <paramref name="width"/>: first smaller (down to 80 %
    /// of the size), then condensed, so it stays one string and stays readable.
    /// </summary>
    private void DrawFitted(string line, float x, float baseline, float size, float width, Align align, SKColor? color = null)
    {
        var measured = Measure(line, size);
        if (measured <= width || measured == 0)
        {
            DrawText(line, x, baseline, size, align, color);
            return;
        }
        var fitted = Math.Max(size * 0.8f, size * width / measured);
        var scaleX = Math.Min(1f, width / Measure(line, fitted));
        Page.Add(new TextOp(line, x, baseline, fitted, align, color ?? Ink, 0, scaleX));
    }

    public void NewPage()
    {
        _pages.Add([]);
        Y = Top + (RunningHeader is null ? 0 : RunningHeaderHeight);
    }

    /// <summary>Starts a new page unless <paramref name="height"/> still fits on this one.</summary>
    public void KeepTogether(float height)
    {
        if (Y + height > Bottom && Y > Top + (RunningHeader is null || _pages.Count == 1 ? 0 : RunningHeaderHeight)) NewPage();
    }

    public void Space(float height) => Y += height;

    /// <summary>A wrapped paragraph across the content width; it may continue on the next page line by line.</summary>
    public void Paragraph(string text, float size, Align align = Align.Left, SKColor? color = null) =>
        Paragraph(text, size, Left, ContentWidth, align, color);

    public void Paragraph(string text, float size, float x, float width, Align align = Align.Left, SKColor? color = null)
    {
        foreach (var line in Wrap(text, size, width))
        {
            KeepTogether(LineHeight(size));
            DrawFitted(line, AlignedX(x, width, align), Y + Baseline(size), size, width, align, color);
            Y += LineHeight(size);
        }
    }

    public void HorizontalRule(float width = 0.6f)
    {
        Page.Add(new LineOp(Left, Y, Right, Y, Rule, width));
    }

    /// <summary>
    /// A table across the content width: cells wrap inside their column, a row never splits across pages, and the
    /// header row is drawn again at the top of every page the table continues on.
    /// </summary>
    public void Table(IReadOnlyList<TableColumn> columns, IEnumerable<IReadOnlyList<string>> rows, float size)
    {
        var total = columns.Sum(c => c.Weight);
        var widths = columns.Select(c => ContentWidth * c.Weight / total).ToArray();
        var header = columns.Select(c => c.Header).ToArray();
        var headerHeight = RowHeight(header, columns.Select(_ => true).ToArray(), widths, size);
        var breakable = columns.Select(c => !c.Token).ToArray();

        KeepTogether(headerHeight + LineHeight(size) + 2 * CellPadding);
        DrawRow(header, columns, widths, size, headerHeight, isHeader: true);
        foreach (var row in rows)
        {
            var height = RowHeight(row, breakable, widths, size);
            if (Y + height > Bottom)
            {
                NewPage();
                DrawRow(header, columns, widths, size, headerHeight, isHeader: true);
            }
            DrawRow(row, columns, widths, size, height, isHeader: false);
        }
    }

    private float RowHeight(IReadOnlyList<string> cells, bool[] breakable, float[] widths, float size) =>
        cells.Select((c, i) => Wrap(c, size, widths[i] - 2 * CellPadding, breakable[i]).Count).Max() * LineHeight(size) + 2 * CellPadding;

    private void DrawRow(IReadOnlyList<string> cells, IReadOnlyList<TableColumn> columns, float[] widths, float size, float height, bool isHeader)
    {
        if (isHeader)
            Page.Add(new RectOp(new SKRect(Left, Y, Right, Y + height), HeaderFill, null, 0));
        var x = Left;
        for (var i = 0; i < columns.Count; i++)
        {
            var lineY = Y + CellPadding;
            var cellWidth = widths[i] - 2 * CellPadding;
            var align = isHeader ? Align.Left : columns[i].Align;
            foreach (var line in Wrap(cells[i], size, cellWidth, isHeader || !columns[i].Token))
            {
                DrawFitted(line, AlignedX(x + CellPadding, cellWidth, align), lineY + Baseline(size), size, cellWidth, align);
                lineY += LineHeight(size);
            }
            x += widths[i];
        }
        Page.Add(new LineOp(Left, Y + height, Right, Y + height, Rule, isHeader ? 0.9f : 0.4f));
        if (isHeader)
            Page.Add(new LineOp(Left, Y, Right, Y, Rule, 0.9f));
        Y += height;
    }

    public void DrawText(string text, float x, float baseline, float size, Align align = Align.Left, SKColor? color = null) =>
        Page.Add(new TextOp(text, x, baseline, size, align, color ?? Ink, 0));

    public void DrawLine(float x1, float y1, float x2, float y2, float width = 0.6f) => Page.Add(new LineOp(x1, y1, x2, y2, Rule, width));

    public void DrawCircle(float cx, float cy, float radius, float width = 0.8f) => Page.Add(new CircleOp(cx, cy, radius, Rule, width));

    public void DrawBox(SKRect rect, float width = 0.6f, SKColor? color = null) => Page.Add(new RectOp(rect, null, color ?? Rule, width));

    /// <summary>A QR code as filled squares (vector, sharp at any zoom), quiet zone included, <paramref name="size"/> points wide.</summary>
    public void DrawQrCode(string payload, float x, float y, float size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = size / matrix.Count;
        for (var row = 0; row < matrix.Count; row++)
        {
            BitArray bits = matrix[row];
            // One rectangle per run of dark modules keeps the page small.
            for (var col = 0; col < bits.Length;)
            {
                if (!bits[col]) { col++; continue; }
                var start = col;
                while (col < bits.Length && bits[col]) col++;
                Page.Add(new RectOp(new SKRect(x + start * module, y + row * module, x + col * module, y + (row + 1) * module), SKColors.Black, null, 0));
            }
        }
    }

    public static float Baseline(float size) => size * 1.08f;

    private static float AlignedX(float x, float width, Align align) => align switch
    {
        Align.Center => x + width / 2,
        Align.Right => x + width,
        _ => x,
    };

    public byte[] ToPdf(DocumentInfo info)
    {
        var pages = _pages.Select((ops, i) => Decorate(ops, i + 1, _pages.Count)).ToList();
        // One subset per face, holding the characters and the glyphs this document draws with it.
        var used = new Dictionary<FontFace, (SortedSet<int> Codepoints, SortedSet<ushort> Glyphs)>();
        foreach (var text in pages.SelectMany(p => p).OfType<TextOp>())
            foreach (var run in Shape(text.Text).Runs)
            {
                if (!used.TryGetValue(run.Face, out var set))
                    used[run.Face] = set = ([], []);
                foreach (var rune in run.Text.EnumerateRunes()) set.Codepoints.Add(rune.Value);
                foreach (var glyph in run.Glyphs) set.Glyphs.Add(glyph);
            }
        var subsets = used.ToDictionary(u => u.Key, u => u.Value.Codepoints.Count == 0 ? null : u.Key.CreateSubset(u.Value.Codepoints, u.Value.Glyphs));
        using var disposeSubsets = new Disposables(subsets.Values);
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        using var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke };
        using var output = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = info.Title,
            Author = info.Author,
            Creator = "SupplyTracker",
            Producer = "SupplyTracker",
            Creation = info.Date,
            Modified = info.Date,
            // PDF/A-2b: Skia writes the XMP packet (pdfaid part 2, conformance B, dc:title, a document UUID), the /ID
            // and an sRGB output intent; every font is embedded already. Skia cannot write /Lang: PdfCatalog adds it.
            PdfA = true,
        };
        using (var document = SKDocument.CreatePdf(output, metadata))
        {
            foreach (var page in pages)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                foreach (var op in page)
                    Draw(canvas, op, subsets, fill, stroke);
                document.EndPage();
            }
            document.Close();
        }
        return PdfCatalog.AddLanguage(PdfCatalog.StableIdentifier(output.ToArray()), info.Language);
    }

    private List<DrawOp> Decorate(List<DrawOp> ops, int number, int total)
    {
        var decorated = new List<DrawOp>();
        // Under the content and opaque: it never hides a figure, and text extraction still finds it.
        if (Stamp is not null)
            decorated.Add(new TextOp(Stamp, PageWidth / 2, PageHeight / 2, 64f, Align.Center, new SKColor(0xF2, 0xC4, 0xC4), -35f));
        decorated.AddRange(ops);
        if (RunningHeader is not null && number > 1)
        {
            var header = RunningHeader(number, total);
            var measured = Measure(header, 8.5f);
            decorated.Add(new TextOp(header, Left, Top + 9, 8.5f, Align.Left, Rule, 0, measured > ContentWidth ? ContentWidth / measured : 1));
            decorated.Add(new LineOp(Left, Top + 14, Right, Top + 14, Rule, 0.4f));
        }
        var footerY = PageHeight - _margin;
        if (Footer is not null)
            decorated.Add(new TextOp(Footer(number, total), PageWidth / 2, footerY, 8.5f, Align.Center, Rule, 0));
        if (FooterNote is not null)
            decorated.Add(new TextOp(FooterNote, Left, footerY, 8.5f, Align.Left, Rule, 0));
        return decorated;
    }

    private void Draw(SKCanvas canvas, DrawOp op, Dictionary<FontFace, SKTypeface?> subsets, SKPaint fill, SKPaint stroke)
    {
        switch (op)
        {
            case TextOp t:
                var shaped = Shape(t.Text);
                if (shaped.Runs.Count == 0) break;
                fill.Color = t.Color;
                using (var blob = TextBlob(shaped, subsets, t.Size, t.ScaleX))
                {
                    var width = shaped.Advance * t.Size * t.ScaleX;
                    var x = t.Align switch { Align.Center => t.X - width / 2, Align.Right => t.X - width, _ => t.X };
                    if (t.Rotation != 0)
                    {
                        canvas.Save();
                        canvas.RotateDegrees(t.Rotation, t.X, t.Y);
                        canvas.DrawText(blob, x, t.Y, fill);
                        canvas.Restore();
                    }
                    else
                    {
                        canvas.DrawText(blob, x, t.Y, fill);
                    }
                }
                break;
            case RectOp r:
                if (r.Fill is { } color)
                {
                    fill.Color = color;
                    canvas.DrawRect(r.Rect, fill);
                }
                if (r.Stroke is { } line)
                {
                    stroke.Color = line;
                    stroke.StrokeWidth = r.StrokeWidth;
                    canvas.DrawRect(r.Rect, stroke);
                }
                break;
            case CircleOp c:
                stroke.Color = c.Color;
                stroke.StrokeWidth = c.Width;
                stroke.PathEffect = SKPathEffect.CreateDash([4f, 3f], 0);
                canvas.DrawCircle(c.X, c.Y, c.Radius, stroke);
                stroke.PathEffect = null;
                break;
            case LineOp l:
                stroke.Color = l.Color;
                stroke.StrokeWidth = l.Width;
                canvas.DrawLine(l.X1, l.Y1, l.X2, l.Y2, stroke);
                break;
        }
    }

    /// <summary>
    /// The line's glyphs with their text and clusters: Skia writes each face's ToUnicode map from the subset's cmap, and
    /// where glyphs and characters are not one to one (Arabic joining forms, ligatures, joiners) an /ActualText span.
    /// </summary>
    private static SKTextBlob TextBlob(ShapedLine line, Dictionary<FontFace, SKTypeface?> subsets, float size, float scaleX)
    {
        using var builder = new SKTextBlobBuilder();
        foreach (var run in line.Runs)
        {
            using var skFont = new SKFont(subsets[run.Face], size) { Subpixel = true, ScaleX = scaleX };
            var utf8 = System.Text.Encoding.UTF8.GetBytes(run.Text);
            var buffer = builder.AllocatePositionedTextRun(skFont, run.Glyphs.Length, utf8.Length, null);
            buffer.SetGlyphs(run.Glyphs);
            var positions = new SKPoint[run.Glyphs.Length];
            var clusters = new uint[run.Glyphs.Length];
            for (var i = 0; i < positions.Length; i++)
            {
                positions[i] = new SKPoint((run.X + run.Positions[i].X) * size * scaleX, run.Positions[i].Y * size);
                clusters[i] = (uint)System.Text.Encoding.UTF8.GetByteCount(run.Text.AsSpan(0, run.Clusters[i]));
            }
            buffer.SetPositions(positions);
            buffer.SetText(utf8);
            buffer.SetClusters(clusters);
        }
        return builder.Build() ?? throw new InvalidOperationException("Skia built no text blob.");
    }

    private sealed class Disposables(IEnumerable<IDisposable?> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item?.Dispose();
        }
    }

    private abstract record DrawOp;

    private sealed record TextOp(string Text, float X, float Y, float Size, Align Align, SKColor Color, float Rotation, float ScaleX = 1) : DrawOp;

    private sealed record RectOp(SKRect Rect, SKColor? Fill, SKColor? Stroke, float StrokeWidth) : DrawOp;

    private sealed record CircleOp(float X, float Y, float Radius, SKColor Color, float Width) : DrawOp;

    private sealed record LineOp(float X1, float Y1, float X2, float Y2, SKColor Color, float Width) : DrawOp;
}
