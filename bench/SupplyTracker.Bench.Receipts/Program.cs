using System.Diagnostics;
using System.Globalization;
using SkiaSharp;
using SupplyTracker.Bench;
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
var strings = RawReceiptPage.Strings(receipt).ToList();
using var typeface = SKTypeface.FromFile(font.Path, font.FaceIndex);

var ours = Measure("receipt (layout + subset + PDF)", () => DonorReceiptDocument.Render(font, receipt).Length, seconds);
var raw = Measure("raw SkiaSharp page, same text", () => RawReceiptPage.RawPage(typeface, strings), seconds);
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
