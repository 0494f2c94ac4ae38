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
    string IssuingUnitEn)
{
    public string IssuingUnitZhHans { get; init; } = IssuingUnit;
    public string? PlaceOfIssue { get; init; }
    public string? Contact { get; init; }
    /// <summary>On a void copy: why and when (deployment-local date) it was voided.</summary>
    public string? VoidReason { get; init; }
    public DateOnly? VoidedOn { get; init; }

    public string Unit => Language switch { "en" => IssuingUnitEn, "zh-Hans" => IssuingUnitZhHans, _ => IssuingUnit };

    public static ReceiptRendering From(ReceiptContent content, string language, ReceiptStatus status, string? replacedBy, string verificationUrl,
        DocumentOptions options) =>
        new(content, language, status, replacedBy, verificationUrl, options.IssuingUnit, options.IssuingUnitEn)
        {
            IssuingUnitZhHans = options.IssuingUnitZhHans,
            PlaceOfIssue = options.PlaceOfIssueIn(language),
            Contact = string.IsNullOrWhiteSpace(options.Contact) ? null : options.Contact,
        };
}

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
            RunningHeader = (n, total) => string.Format(CultureInfo.InvariantCulture, text.RunningHeader, text.Title, content.DonorName,
                content.Number, n, total),
        };

        Header(page, receipt, text);
        Details(page, receipt, text);

        page.Space(12);
        page.Paragraph(text.AcceptedHeading, 12);
        page.Space(2);
        var registrations = content.Accepted.Any(l => l.RegistrationNumber is not null);
        var values = content.Accepted.Any(l => l.DeclaredValue is not null);
        var accepted = content.Accepted.Select((l, i) =>
        {
            var cells = new List<string>
            {
                (i + 1).ToString(CultureInfo.InvariantCulture), l.Name(language), l.Standard ?? "—", l.LotNumber.Length == 0 ? "—" : l.LotNumber,
            };
            if (registrations) cells.Add(l.RegistrationNumber ?? "—");
            cells.AddRange([l.ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—", l.Quantity.ToString("N0", CultureInfo.InvariantCulture),
                ReceiptTexts.Unit(l.Unit, language)]);
            if (values) cells.Add(Value(l, text, language));
            return (IReadOnlyList<string>)cells;
        }).ToList();
        if (accepted.Count == 0)
            page.Paragraph(text.NoneAccepted, 10);
        else
        {
            var columns = new List<TableColumn>
            {
                new(text.AcceptedColumns[0], 0.65f, Align.Right), new(text.AcceptedColumns[1], registrations ? 2.2f : 2.7f),
                new(text.AcceptedColumns[2], registrations ? 1.5f : 1.6f), new(text.AcceptedColumns[3], 1.35f, Token: true),
            };
            if (registrations) columns.Add(new(text.RegistrationColumn, 2f, Token: true));
            columns.AddRange([new(text.AcceptedColumns[4], 1.3f), new(text.AcceptedColumns[5], 0.95f, Align.Right), new(text.AcceptedColumns[6], 0.7f)]);
            if (values) columns.Add(new(text.ValueColumn, 1.3f, Align.Right));
            page.Table(columns, accepted, registrations && values ? 8.5f : 9.5f);
            if (values)
            {
                page.Space(2);
                page.Paragraph(text.ValueLegend, 8.5f, Align.Left, new SKColor(0x55, 0x5E, 0x66));
            }
        }
        // Notes under the table, line by line: counted in packs at intake ("第 1 項：20 箱 × 50 = 1,000 只"), how an
        // appraised value was set, and where the donor directed the goods.
        foreach (var (l, i) in content.Accepted.Select((l, i) => (l, i)))
        {
            if (l.Pack is not null)
                page.Paragraph(string.Format(CultureInfo.InvariantCulture, text.PackLine, i + 1, PackTotal(l, language)), 9.5f);
            if (l.ValueNote is not null && l.DeclaredValue is not null)
                page.Paragraph(string.Format(CultureInfo.InvariantCulture, text.ValueNoteLine, i + 1,
                    l.ValueBasis == ValueBasis.Appraised ? text.Appraised : text.Declared, l.ValueNote), 9.5f);
            if (l.DirectedTo is not null)
                page.Paragraph(string.Format(CultureInfo.InvariantCulture, language switch
                {
                    "en" => "Line {0}: directed by the donor to {1}",
                    "zh-Hans" => "第 {0} 项：捐赠者定向送往 {1}",
                    _ => "第 {0} 項：捐贈者定向送往 {1}",
                }, i + 1, l.DirectedTo), 9.5f);
        }

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
            var appraised = content.Accepted.Any(l => l.DeclaredValue is not null && l.ValueBasis == ValueBasis.Appraised);
            page.Paragraph(string.Format(CultureInfo.InvariantCulture, appraised ? text.ValueTotal : text.DeclaredTotal,
                total.ToString("N2", CultureInfo.InvariantCulture)), 10.5f, Align.Right);
            var words = language == "en" ? AmountInWords.English(total) : AmountInWords.Chinese(total, simplified: language == "zh-Hans");
            page.Paragraph(string.Format(CultureInfo.InvariantCulture, text.TotalInWords, words), 10.5f, Align.Right);
        }

        page.Space(14);
        // The wording follows what was accepted: all, part, or none of the goods.
        page.Paragraph(content.Accepted.Count == 0 ? text.ThanksNone : content.Rejected.Count > 0 ? text.ThanksPartial : text.Thanks, 11);
        if (receipt.Contact is { } contact)
        {
            page.Space(4);
            page.Paragraph(string.Format(CultureInfo.InvariantCulture, text.ContactFormat, contact), 10);
        }
        Signatures(page, receipt, text);

        var title = $"{text.Title} {content.Number}";
        return page.ToPdf(new DocumentInfo(title, receipt.Unit, content.IssuedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), language));
    }

    /// <summary>"20 箱 × 50 = 1,000 只", in English "20 × carton of 50 = 1,000 pcs" (units in the document's language).</summary>
    public static string PackTotal(ReceiptLine line, string language) =>
        string.Format(CultureInfo.InvariantCulture, language == "en" ? "{0:N0} × {1} of {2:N0} = {3:N0} {4}" : "{0:N0} {1} × {2:N0} = {3:N0} {4}",
            line.Quantity / line.Pack!.Size, line.Pack.Name(language), line.Pack.Size, line.Quantity, ReceiptTexts.Unit(line.Unit, language));

    /// <summary>The line's value to the fen and how it was set: "7,500.00 / （申報）" on two lines.</summary>
    private static string Value(ReceiptLine line, ReceiptTexts text, string language)
    {
        if (line.DeclaredValue is not { } value) return "—";
        var basis = line.ValueBasis == ValueBasis.Appraised ? text.Appraised : text.Declared;
        var figure = value.ToString("N2", CultureInfo.InvariantCulture);
        return language == "en" ? $"{figure}\n({basis})" : $"{figure}\n（{basis}）";
    }

    private static void Header(PdfComposer page, ReceiptRendering receipt, ReceiptTexts text)
    {
        page.Paragraph(receipt.Unit, 15, Align.Center);
        page.Space(2);
        page.Paragraph(text.Title, 20, Align.Center);
        // Horizontal as well as the diagonal stamp: rotated text does not extract as words.
        if (page.Stamp is not null)
            page.Paragraph(page.Stamp, 13, Align.Center, new SKColor(0xC6, 0x28, 0x28));
        if (receipt.Status == ReceiptStatus.Void && receipt.VoidReason is not null)
            page.Paragraph(string.Format(CultureInfo.InvariantCulture, text.VoidDetails, receipt.VoidReason,
                receipt.VoidedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"), 10.5f, Align.Center, new SKColor(0xC6, 0x28, 0x28));
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

        var labelWidth = receipt.Language == "en" ? 100f : 70f;
        var valueWidth = page.ContentWidth - QrSize - labelWidth - 16;
        var rows = new List<(string Label, string Value)>
        {
            (text.Number, content.Number),
            (text.Donor, content.DonorName),
            (text.ReceivedOn, content.ReceivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            (text.IssuedOn, content.IssuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        };
        var receiving = receipt.Language switch { "en" => content.ReceivingUnitEn, "zh-Hans" => content.ReceivingUnitZhHans, _ => content.ReceivingUnit }
            ?? content.ReceivingUnit;
        if (receiving is not null) rows.Add((text.ReceivingUnit, receiving));
        if (receipt.PlaceOfIssue is { Length: > 0 } place) rows.Add((text.PlaceOfIssue, place));
        if (content.DonorReference is not null) rows.Add((text.DonorReference, content.DonorReference));
        if (content.DonationNote is not null) rows.Add((text.DonationNote, content.DonationNote));
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
        // 開票人 and 複核人 printed by name over the line they sign on; an unknown reviewer leaves the line to sign by hand.
        var content = receipt.Content;
        var rows = new[] { (text.Issuer, content.IssuerName), (text.Reviewer, content.ReviewerName), (text.Date, (string?)null) };
        for (var i = 0; i < rows.Length; i++)
        {
            var baseline = top + 24 + i * 34;
            page.DrawText(rows[i].Item1, page.Left, baseline, 11);
            if (rows[i].Item2 is { } name) page.DrawText(name, lineStart + 4, baseline, 11);
            page.DrawLine(lineStart, baseline + 3, lineStart + 150, baseline + 3);
        }

        // The seal goes over the issuing unit's name, as on a paper receipt.
        var sealCentreX = page.Right - 90;
        var sealCentreY = top + 62;
        page.DrawCircle(sealCentreX, sealCentreY, 52);
        // Right-aligned under the seal: the English name is wider than the circle.
        page.DrawText(receipt.Unit, page.Right, top + 130 + 10, 9, Align.Right);
        page.DrawText(text.Seal, sealCentreX, sealCentreY + 4, 9, Align.Center, new SKColor(0x8A, 0x93, 0x9C));
        page.Y = top + height + 14;
    }
}
