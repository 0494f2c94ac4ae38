using System.Globalization;
using SkiaSharp;
using SupplyTracker.Documents.Layout;
using SupplyTracker.Domain;

namespace SupplyTracker.Documents.Receipts;

/// <summary>Everything one rendering of a receipt needs: its frozen content, the language, where it stands now and its verification link.</summary>
public sealed record ReceiptRendering(
    ReceiptContent Content,
    string Language,
    ReceiptStatus Status,
    string? ReplacedBy,
    string VerificationUrl,
    string IssuingUnit,
    string IssuingUnitEn);

/// <summary>The donor receipt as an A4 PDF: header, donor and dates, accepted and rejected goods, thanks, signatures, seal and QR code.</summary>
public static class DonorReceiptDocument
{
    private const float QrSize = 78f;

    public static byte[] Render(DocumentFont font, ReceiptRendering receipt)
    {
        var content = receipt.Content;
        var language = receipt.Language;
        var text = ReceiptTexts.For(language);
        var page = new PdfComposer(font)
        {
            Footer = (n, total) => string.Format(CultureInfo.InvariantCulture, text.PageOf, n, total),
            FooterNote = content.Number,
            Stamp = receipt.Status == ReceiptStatus.Void ? text.Void : content.Replaces is not null ? text.Reissued : null,
        };

        Header(page, receipt, text);
        Details(page, receipt, text);

        page.Space(12);
        page.Paragraph(text.AcceptedHeading, 12);
        page.Space(2);
        var accepted = content.Accepted.Select((l, i) => (IReadOnlyList<string>)
        [
            (i + 1).ToString(CultureInfo.InvariantCulture), l.Name(language), l.Standard ?? "—", l.LotNumber.Length == 0 ? "—" : l.LotNumber,
            l.ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—", l.Quantity.ToString("N0", CultureInfo.InvariantCulture),
            ReceiptTexts.Unit(l.Unit, language),
        ]).ToList();
        if (accepted.Count == 0)
            page.Paragraph(text.NoneAccepted, 10);
        else
            page.Table(
            [
                new(text.AcceptedColumns[0], 0.6f, Align.Right), new(text.AcceptedColumns[1], 2.7f), new(text.AcceptedColumns[2], 2f),
                new(text.AcceptedColumns[3], 1.35f, Token: true), new(text.AcceptedColumns[4], 1.45f), new(text.AcceptedColumns[5], 1.05f, Align.Right),
                new(text.AcceptedColumns[6], 0.75f),
            ], accepted, 9.5f);
        foreach (var (l, i) in content.Accepted.Select((l, i) => (l, i)).Where(x => x.l.DirectedTo is not null))
            page.Paragraph(string.Format(CultureInfo.InvariantCulture, language switch
            {
                "en" => "Line {0}: directed by the donor to {1}",
                "zh-Hans" => "第 {0} 项：捐赠者定向送往 {1}",
                _ => "第 {0} 項：捐贈者定向送往 {1}",
            }, i + 1, l.DirectedTo), 9.5f);

        if (content.Rejected.Count > 0)
        {
            page.Space(12);
            page.Paragraph(text.RejectedHeading, 12);
            page.Space(2);
            page.Table(
            [
                new(text.RejectedColumns[0], 0.6f, Align.Right), new(text.RejectedColumns[1], 2.8f), new(text.RejectedColumns[2], 1.35f, Token: true),
                new(text.RejectedColumns[3], 1.05f, Align.Right), new(text.RejectedColumns[4], 0.75f), new(text.RejectedColumns[5], 3.3f),
            ], content.Rejected.Select((l, i) => (IReadOnlyList<string>)
            [
                (i + 1).ToString(CultureInfo.InvariantCulture), l.Name(language), l.LotNumber.Length == 0 ? "—" : l.LotNumber,
                l.Quantity.ToString("N0", CultureInfo.InvariantCulture), ReceiptTexts.Unit(l.Unit, language), l.RejectionReason ?? "",
            ]), 9.5f);
        }

        if (content.DeclaredTotal is { } total)
        {
            page.Space(8);
            page.Paragraph(string.Format(CultureInfo.InvariantCulture, text.DeclaredTotal, total.ToString("N2", CultureInfo.InvariantCulture)), 10.5f, Align.Right);
            var words = language == "en" ? AmountInWords.English(total) : AmountInWords.Chinese(total, simplified: language == "zh-Hans");
            page.Paragraph(string.Format(CultureInfo.InvariantCulture, text.TotalInWords, words), 10.5f, Align.Right);
        }

        page.Space(14);
        // The wording follows what was accepted: all, part, or none of the goods.
        page.Paragraph(content.Accepted.Count == 0 ? text.ThanksNone : content.Rejected.Count > 0 ? text.ThanksPartial : text.Thanks, 11);
        Signatures(page, receipt, text);

        var title = $"{text.Title} {content.Number}";
        return page.ToPdf(new DocumentInfo(title, language == "en" ? receipt.IssuingUnitEn : receipt.IssuingUnit,
            content.IssuedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
    }

    private static void Header(PdfComposer page, ReceiptRendering receipt, ReceiptTexts text)
    {
        var unit = receipt.Language == "en" ? receipt.IssuingUnitEn : receipt.IssuingUnit;
        page.Paragraph(unit, 15, Align.Center);
        page.Space(2);
        page.Paragraph(text.Title, 20, Align.Center);
        // Horizontal as well as the diagonal stamp: rotated text does not extract as words.
        if (page.Stamp is not null)
            page.Paragraph(page.Stamp, 13, Align.Center, new SKColor(0xC6, 0x28, 0x28));
        page.Space(6);
        page.HorizontalRule(1.2f);
        page.Space(10);
    }

    private static void Details(PdfComposer page, ReceiptRendering receipt, ReceiptTexts text)
    {
        var content = receipt.Content;
        var top = page.Y;
        var qrX = page.Right - QrSize;
        page.DrawQrCode(receipt.VerificationUrl, qrX, top, QrSize);
        page.DrawText(text.VerifyCaption, qrX + QrSize / 2, top + QrSize + 10, 8, Align.Center);
        // Printed as text too: a photocopy with a damaged QR code can still be checked by hand.
        var (shortUrl, code) = VerificationParts(receipt.VerificationUrl);
        page.DrawText($"{text.Code} {code}", page.Right, top + QrSize + 21, 7.5f, Align.Right);
        page.DrawText(shortUrl, page.Right, top + QrSize + 31, 6.5f, Align.Right);

        var labelWidth = receipt.Language == "en" ? 78f : 64f;
        var valueWidth = page.ContentWidth - QrSize - labelWidth - 16;
        var rows = new List<(string Label, string Value)>
        {
            (text.Number, content.Number),
            (text.Donor, content.DonorDisplayName),
            (text.ReceivedOn, content.ReceivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            (text.IssuedOn, content.IssuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        };
        foreach (var (label, value) in rows)
        {
            var y = page.Y;
            page.DrawText(label, page.Left, y + PdfComposer.Baseline(11), 11, Align.Left, new SKColor(0x55, 0x5E, 0x66));
            page.Paragraph(value, 11, page.Left + labelWidth, valueWidth);
            page.Space(1);
        }
        if (content.Replaces is not null)
            page.Paragraph(string.Format(CultureInfo.InvariantCulture, text.ReplacesFormat, content.Replaces), 10, page.Left, page.ContentWidth - QrSize - 16);
        if (receipt.ReplacedBy is not null)
            page.Paragraph(string.Format(CultureInfo.InvariantCulture, text.ReplacedByFormat, receipt.ReplacedBy), 10, page.Left, page.ContentWidth - QrSize - 16);
        page.Y = Math.Max(page.Y, top + QrSize + 36);
    }

    /// <summary>The link without its query (what a person types) and the code grouped in fours (ABCD-EFGH-JKMN-PQRS).</summary>
    internal static (string ShortUrl, string Code) VerificationParts(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        var shortUrl = query < 0 ? url : url[..query];
        var code = "";
        if (query >= 0)
            foreach (var pair in url[(query + 1)..].Split('&'))
                if (pair.StartsWith("c=", StringComparison.Ordinal)) code = Uri.UnescapeDataString(pair[2..]);
        var grouped = string.Join("-", Enumerable.Range(0, (code.Length + 3) / 4).Select(i => code.Substring(i * 4, Math.Min(4, code.Length - i * 4))));
        var shown = shortUrl.StartsWith("https://", StringComparison.Ordinal) ? shortUrl[8..] : shortUrl.StartsWith("http://", StringComparison.Ordinal) ? shortUrl[7..] : shortUrl;
        return (shown, grouped);
    }

    private static void Signatures(PdfComposer page, ReceiptRendering receipt, ReceiptTexts text)
    {
        const float height = 130f;
        page.Space(18);
        page.KeepTogether(height);
        var top = page.Y;
        var lineStart = page.Left + (receipt.Language == "en" ? 130 : 96);
        var rows = new[] { text.Handler, text.Approver, text.Date };
        for (var i = 0; i < rows.Length; i++)
        {
            var baseline = top + 24 + i * 34;
            page.DrawText(rows[i], page.Left, baseline, 11);
            page.DrawLine(lineStart, baseline + 3, lineStart + 150, baseline + 3);
        }

        // The seal goes over the issuing unit's name, as on a paper receipt.
        var sealCentreX = page.Right - 90;
        var sealCentreY = top + 62;
        page.DrawCircle(sealCentreX, sealCentreY, 52);
        // Right-aligned under the seal: the English name is wider than the circle.
        page.DrawText(receipt.Language == "en" ? receipt.IssuingUnitEn : receipt.IssuingUnit, page.Right, top + 130 + 10, 9, Align.Right);
        page.DrawText(text.Seal, sealCentreX, sealCentreY + 4, 9, Align.Center, new SKColor(0x8A, 0x93, 0x9C));
        page.Y = top + height + 14;
    }
}
