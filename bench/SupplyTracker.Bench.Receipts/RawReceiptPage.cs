using System.Diagnostics;
using System.Globalization;
using SkiaSharp;
using SupplyTracker.Documents;
using SupplyTracker.Documents.Layout;
using SupplyTracker.Documents.Receipts;

namespace SupplyTracker.Bench;

/// <summary>The raw SkiaSharp page both receipt benches compare against: the receipt's strings drawn with one font, no shaping or layout.</summary>
public static class RawReceiptPage
{
    public static int RawPage(SKTypeface typeface, IReadOnlyList<string> strings)
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

    public static IEnumerable<string> Strings(ReceiptRendering r)
    {
        yield return r.IssuingUnit;
        yield return "捐贈物資接收收據";
        yield return r.Content.Number;
        yield return r.Content.DonorDisplayName;
        foreach (var l in r.Content.Accepted.Concat(r.Content.Rejected))
            yield return $"{l.NameZhHant} {l.Standard} {l.LotNumber} {l.ExpiresOn} {l.Quantity} {l.Unit} {l.RejectionReason}";
        yield return "茲收到上列捐贈物資，已全部登記入庫，將用於疫情防控一線執勤民警、輔警的防護保障。衷心感謝您在抗擊疫情的關鍵時刻伸出援手，特此致謝！";
    }
}
