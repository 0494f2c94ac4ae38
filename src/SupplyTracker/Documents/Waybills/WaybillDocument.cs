using System.Globalization;
using SupplyTracker.Documents.Layout;

namespace SupplyTracker.Documents.Waybills;

public sealed record Waybill(
    string Number,
    string From,
    string To,
    DateTime DispatchedAt,
    string DispatchedBy,
    string RequestReference,
    IReadOnlyList<WaybillLine> Lines,
    string ConfirmationUrl,
    string IssuingUnit);

public sealed record WaybillLine(int LineNumber, string ItemCode, string ItemName, string? Standard, string LotNumber, DateOnly? ExpiresOn, long Quantity, string Unit);

/// <summary>The delivery note that travels with a shipment: from, to, lots and expiry, signatures, and a QR code to confirm delivery.</summary>
public static class WaybillDocument
{
    private const float QrSize = 78f;

    public static byte[] Render(DocumentFont font, Waybill waybill)
    {
        var page = new PdfComposer(font)
        {
            Footer = (n, total) => string.Format(CultureInfo.InvariantCulture, "第 {0} 頁／共 {1} 頁", n, total),
            FooterNote = waybill.Number,
        };
        page.Paragraph(waybill.IssuingUnit, 15, Align.Center);
        page.Space(2);
        page.Paragraph("物資調撥運單 / Waybill", 20, Align.Center);
        page.Space(6);
        page.HorizontalRule(1.2f);
        page.Space(10);

        var top = page.Y;
        page.DrawQrCode(waybill.ConfirmationUrl, page.Right - QrSize, top, QrSize);
        page.DrawText("掃碼確認收貨", page.Right - QrSize / 2, top + QrSize + 10, 8, Align.Center);
        var rows = new (string Label, string Value)[]
        {
            ("運單編號", waybill.Number),
            ("發貨單位", waybill.From),
            ("收貨單位", waybill.To),
            ("發貨時間", waybill.DispatchedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
            ("申請單", waybill.RequestReference),
        };
        foreach (var (label, value) in rows)
        {
            page.DrawText(label, page.Left, page.Y + PdfComposer.Baseline(11), 11);
            page.Paragraph(value, 11, page.Left + 64, page.ContentWidth - QrSize - 80);
            page.Space(1);
        }
        page.Y = Math.Max(page.Y, top + QrSize + 16);

        page.Space(8);
        page.Table(
        [
            new("序號", 0.6f, Align.Right), new("物資名稱", 2.6f), new("規格／標準", 1.9f), new("批號", 1.4f, Token: true), new("有效期至", 1.45f),
            new("數量", 1.05f, Align.Right), new("單位", 0.6f), new("實收", 0.9f),
        ], waybill.Lines.Select(l => (IReadOnlyList<string>)
        [
            l.LineNumber.ToString(CultureInfo.InvariantCulture), l.ItemName, l.Standard ?? "—", l.LotNumber.Length == 0 ? "—" : l.LotNumber,
            l.ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—", l.Quantity.ToString("N0", CultureInfo.InvariantCulture), l.Unit, "",
        ]), 9.5f);

        page.Space(24);
        page.KeepTogether(110);
        var signTop = page.Y;
        var half = page.ContentWidth / 2;
        foreach (var (x, title, name) in new[] { (page.Left, "發貨人 / Dispatched by", waybill.DispatchedBy), (page.Left + half + 8, "收貨人 / Received by", "") })
        {
            page.DrawBox(new SkiaSharp.SKRect(x, signTop, x + half - 8, signTop + 100));
            page.DrawText(title, x + 8, signTop + 18, 10.5f);
            page.DrawText($"簽字：{name}", x + 8, signTop + 50, 10.5f);
            page.DrawText("日期：", x + 8, signTop + 82, 10.5f);
        }
        page.Y = signTop + 110;

        return page.ToPdf(new DocumentInfo($"物資調撥運單 {waybill.Number}", waybill.IssuingUnit, DateTime.SpecifyKind(waybill.DispatchedAt, DateTimeKind.Utc)));
    }
}
