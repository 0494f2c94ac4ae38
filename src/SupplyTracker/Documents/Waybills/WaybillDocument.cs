using System.Globalization;
using SupplyTracker.Documents.Layout;
using SupplyTracker.Documents.Receipts;

namespace SupplyTracker.Documents.Waybills;

/// <param name="DispatchedAt">Deployment-local time (see DeploymentTime), printed with its UTC offset.</param>
/// <param name="DispatchedBy">The dispatcher's real name (display name), printed as a name, not on the signature line.</param>
public sealed record Waybill(
    string Number,
    string From,
    string To,
    DateTimeOffset DispatchedAt,
    string DispatchedBy,
    string RequestReference,
    IReadOnlyList<WaybillLine> Lines,
    string ConfirmationUrl,
    string IssuingUnit,
    string Language = "zh-Hant");

/// <param name="ItemName">The item's name in the waybill's language.</param>
/// <param name="Pack">The item's largest pack that the quantity fills exactly, if any (for counting cartons at the door).</param>
public sealed record WaybillLine(int LineNumber, string ItemCode, string ItemName, string? Standard, string LotNumber, DateOnly? ExpiresOn, long Quantity,
    string Unit, string? RegistrationNumber = null, WaybillPack? Pack = null);

/// <param name="Name">The pack's name in the waybill's language.</param>
public sealed record WaybillPack(string Name, long Size);

/// <summary>The delivery note that travels with a shipment: from, to, lots and expiry, signatures, and a QR code to confirm delivery.</summary>
public static class WaybillDocument
{
    private const float QrSize = 78f;

    private sealed record Texts(string Title, string PageOf, string Scan, string Number, string From, string To, string DispatchedAt, string Request,
        string[] Columns, string Registration, string Dispatcher, string Receiver, string Name, string Signature, string Date, string Continued);

    private static Texts For(string language) => language switch
    {
        "en" => new("Waybill", "Page {0} of {1}", "Scan to confirm delivery", "Waybill no.", "From", "To", "Dispatched", "Request",
            ["#", "Item", "Standard", "Lot", "Expires", "Quantity", "Unit", "Received"], "Registration no.", "Dispatched by", "Received by",
            "Name:", "Signature:", "Date:", "{0} · {1} · continued, page {2} of {3}"),
        "zh-Hans" => new("物资调拨运单", "第 {0} 页／共 {1} 页", "扫码确认收货", "运单编号", "发货单位", "收货单位", "发货时间", "申请单",
            ["序号", "物资名称", "规格／标准", "批号", "有效期至", "数量", "单位", "实收"], "注册证号", "发货人", "收货人",
            "姓名：", "签字：", "日期：", "{0}　{1}　（续）第 {2} 页／共 {3} 页"),
        _ => new("物資調撥運單", "第 {0} 頁／共 {1} 頁", "掃碼確認收貨", "運單編號", "發貨單位", "收貨單位", "發貨時間", "申請單",
            ["序號", "物資名稱", "規格／標準", "批號", "有效期至", "數量", "單位", "實收"], "註冊證號", "發貨人", "收貨人",
            "姓名：", "簽字：", "日期：", "{0}　{1}　（續）第 {2} 頁／共 {3} 頁"),
    };

    public static byte[] Render(DocumentFont font, Waybill waybill)
    {
        var language = waybill.Language;
        var text = For(language);
        var page = new PdfComposer(font)
        {
            Footer = (n, total) => string.Format(CultureInfo.InvariantCulture, text.PageOf, n, total),
            FooterNote = waybill.Number,
            RunningHeader = (n, total) => string.Format(CultureInfo.InvariantCulture, text.Continued, text.Title, waybill.Number, n, total),
        };
        page.Paragraph(waybill.IssuingUnit, 15, Align.Center);
        page.Space(2);
        page.Paragraph(text.Title, 20, Align.Center);
        page.Space(6);
        page.HorizontalRule(1.2f);
        page.Space(10);

        var top = page.Y;
        page.DrawQrCode(waybill.ConfirmationUrl, page.Right - QrSize, top, QrSize);
        page.DrawText(text.Scan, page.Right - QrSize / 2, top + QrSize + 10, 8, Align.Center);
        var offset = waybill.DispatchedAt.Offset;
        var zone = offset == TimeSpan.Zero ? "UTC" : $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm}";
        var rows = new (string Label, string Value)[]
        {
            (text.Number, waybill.Number),
            (text.From, waybill.From),
            (text.To, waybill.To),
            (text.DispatchedAt, $"{waybill.DispatchedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} ({zone})"),
            (text.Request, waybill.RequestReference),
        };
        var labelWidth = language == "en" ? 78f : 64f;
        foreach (var (label, value) in rows)
        {
            page.DrawText(label, page.Left, page.Y + PdfComposer.Baseline(11), 11);
            page.Paragraph(value, 11, page.Left + labelWidth, page.ContentWidth - QrSize - labelWidth - 16);
            page.Space(1);
        }
        page.Y = Math.Max(page.Y, top + QrSize + 16);

        page.Space(8);
        var registrations = waybill.Lines.Any(l => l.RegistrationNumber is not null);
        var columns = new List<TableColumn>
        {
            new(text.Columns[0], 0.55f, Align.Right), new(text.Columns[1], 2.4f), new(text.Columns[2], 1.7f), new(text.Columns[3], 1.4f, Token: true),
        };
        if (registrations) columns.Add(new(text.Registration, 1.7f, Token: true));
        columns.AddRange([new(text.Columns[4], 1.4f), new(text.Columns[5], 1.05f, Align.Right), new(text.Columns[6], language == "en" ? 1f : 0.75f), new(text.Columns[7], language == "en" ? 1.1f : 0.9f)]);
        page.Table(columns, waybill.Lines.Select(l =>
        {
            var cells = new List<string>
            {
                l.LineNumber.ToString(CultureInfo.InvariantCulture), l.ItemName, l.Standard ?? "—", l.LotNumber.Length == 0 ? "—" : l.LotNumber,
            };
            if (registrations) cells.Add(l.RegistrationNumber ?? "—");
            cells.AddRange([l.ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—", l.Quantity.ToString("N0", CultureInfo.InvariantCulture),
                ReceiptTexts.Unit(l.Unit, language), ""]);
            return (IReadOnlyList<string>)cells;
        }), registrations ? 8.5f : 9.5f);
        // What to count at the door: "第 1 項：3 箱 × 400 = 1,200 只".
        foreach (var l in waybill.Lines.Where(l => l.Pack is { Size: > 1 } p && l.Quantity % p.Size == 0))
            page.Paragraph(string.Format(CultureInfo.InvariantCulture, language switch
            {
                "en" => "Line {0}: {1:N0} × {2} of {3:N0} = {4:N0} {5}",
                "zh-Hans" => "第 {0} 项：{1:N0} {2} × {3:N0} = {4:N0} {5}",
                _ => "第 {0} 項：{1:N0} {2} × {3:N0} = {4:N0} {5}",
            }, l.LineNumber, l.Quantity / l.Pack!.Size, l.Pack.Name, l.Pack.Size, l.Quantity, ReceiptTexts.Unit(l.Unit, language)), 9.5f);

        page.Space(24);
        page.KeepTogether(118);
        var signTop = page.Y;
        var half = page.ContentWidth / 2;
        // The dispatcher's name is printed; both signature lines stay empty, to be signed by hand.
        foreach (var (x, title, name) in new[] { (page.Left, text.Dispatcher, waybill.DispatchedBy), (page.Left + half + 8, text.Receiver, "") })
        {
            var right = x + half - 8;
            page.DrawBox(new SkiaSharp.SKRect(x, signTop, right, signTop + 108));
            page.DrawText(title, x + 8, signTop + 18, 10.5f);
            var labelEnd = x + 8 + (language == "en" ? 62 : 44);
            var lines = new[] { (text.Name, name), (text.Signature, ""), (text.Date, "") };
            for (var i = 0; i < lines.Length; i++)
            {
                var baseline = signTop + 44 + i * 26;
                page.DrawText(lines[i].Item1, x + 8, baseline, 10.5f);
                if (lines[i].Item2.Length > 0) page.DrawText(lines[i].Item2, labelEnd + 2, baseline, 10.5f);
                page.DrawLine(labelEnd, baseline + 3, right - 10, baseline + 3);
            }
        }
        page.Y = signTop + 118;

        return page.ToPdf(new DocumentInfo($"{text.Title} {waybill.Number}", waybill.IssuingUnit, waybill.DispatchedAt.UtcDateTime, language));
    }
}
