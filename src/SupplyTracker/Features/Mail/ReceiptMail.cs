using SupplyTracker.Domain;

namespace SupplyTracker.Features.Mail;

/// <summary>The mail that carries a donor receipt: subject, plain text and HTML in the donor's language, the PDF attached.</summary>
public static class ReceiptMail
{
    public static MailContent Compose(Donor donor, string receiptNumber, string verificationUrl, byte[] pdf)
    {
        var language = MailText.Language(donor.PreferredLanguage);
        string T(string zhHant, string zhHans, string en) => MailText.Pick(language, zhHant, zhHans, en);

        var subject = T($"您的捐贈收據 {receiptNumber}", $"您的捐赠收据 {receiptNumber}", $"Your donation receipt {receiptNumber}");
        var greeting = T($"{donor.Name} 您好：", $"{donor.Name} 您好：", $"Dear {donor.Name},");
        var thanks = T(
            $"衷心感謝您對疫情防控一線的捐贈。隨函附上捐贈收據 {receiptNumber}（PDF）。",
            $"衷心感谢您对疫情防控一线的捐赠。随函附上捐赠收据 {receiptNumber}（PDF）。",
            $"Thank you for your donation to the front line of the epidemic response. Your receipt {receiptNumber} is attached as a PDF.");
        var verify = T("任何人都可以在以下網址查驗這張收據：", "任何人都可以在以下网址查验这张收据：", "Anyone can verify this receipt at:");
        var footer = T("此郵件由系統自動發送，請勿直接回覆。", "此邮件由系统自动发送，请勿直接回复。", "This message was sent automatically; please do not reply.");

        var text = $"{greeting}\n\n{thanks}\n{verify}\n{verificationUrl}\n\n{footer}\n";
        var url = MailText.Encode(verificationUrl);
        var html = MailText.Document(language, subject,
            $"<p>{MailText.Encode(greeting)}</p>\n<p>{MailText.Encode(thanks)}</p>\n<p>{MailText.Encode(verify)}<br><a href=\"{url}\">{url}</a></p>\n"
            + $"<p style=\"color: #666\">{MailText.Encode(footer)}</p>");
        return new MailContent(language, subject, text, html, [new MailAttachment(FileName(receiptNumber), "application/pdf", pdf)]);
    }

    private static string FileName(string receiptNumber) =>
        string.Concat(receiptNumber.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')) + ".pdf";
}
