using System.Diagnostics;
using System.Globalization;
using SkiaSharp;
using SupplyTracker.Documents;
using SupplyTracker.Documents.Layout;
using SupplyTracker.Documents.Receipts;

// Receipts per second on one thread: our whole pipeline (layout, line breaking, HarfBuzz subset, PDF) against a raw
// SkiaSharp page that draws the same strings at fixed positions with the whole font, in the same run.
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var options = new DocumentOptions();
using var font = DocumentFont.Find(options.FontPath)
    ?? throw new InvalidOperationException(new DocumentFontMissingException(options.FontPath).Message);
var receipt = SampleReceipt.Rendering(options);
var strings = Strings(receipt).ToList();
using var typeface = SKTypeface.FromFile(font.Path, font.FaceIndex);

var ours = Measure("receipt (layout + subset + PDF)", () => DonorReceiptDocument.Render(font, receipt).Length, seconds);
var raw = Measure("raw SkiaSharp page, same text", () => RawPage(typeface, strings), seconds);
Console.WriteLine($"ratio receipt/raw (receipts per second over raw pages per second): {ours.PerSecond / raw.PerSecond:F2}x (receipt {ours.Bytes:N0} bytes, raw page {raw.Bytes:N0} bytes)");

static (double PerSecond, int Bytes) Measure(string name, Func<int> render, double seconds)
{
    var bytes = 0;
    for (var i = 0; i < 5; i++) bytes = render();
    var count = 0;
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        bytes = render();
        count++;
    }
    var perSecond = count / watch.Elapsed.TotalSeconds;
    Console.WriteLine($"{name,-36} {perSecond,8:F1} /s  {1000 / perSecond,7:F2} ms each  {bytes,9:N0} bytes");
    return (perSecond, bytes);
}

static int RawPage(SKTypeface typeface, IReadOnlyList<string> strings)
{
    using var stream = new MemoryStream();
    using (var document = SKDocument.CreatePdf(stream))
    {
        var canvas = document.BeginPage(PdfComposer.PageWidth, PdfComposer.PageHeight);
        using var font = new SKFont(typeface, 10);
        using var paint = new SKPaint { Color = SKColors.Black };
        var y = 60f;
        foreach (var text in strings)
        {
            canvas.DrawText(text, 48, y, SKTextAlign.Left, font, paint);
            y += 16;
        }
        document.EndPage();
        document.Close();
    }
    return (int)stream.Length;
}

static IEnumerable<string> Strings(ReceiptRendering r)
{
    yield return r.IssuingUnit;
    yield return "捐贈物資接收收據";
    yield return r.Content.Number;
    yield return r.Content.DonorDisplayName;
    foreach (var l in r.Content.Accepted.Concat(r.Content.Rejected))
        yield return $"{l.NameZhHant} {l.Standard} {l.LotNumber} {l.ExpiresOn} {l.Quantity} {l.Unit} {l.RejectionReason}";
    yield return "茲收到上列捐贈物資，已全部登記入庫，將用於疫情防控一線執勤民警、輔警的防護保障。衷心感謝您在抗擊疫情的關鍵時刻伸出援手，特此致謝！";
}
