using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace SupplyTracker.Features.Mail;

/// <summary>Shared pieces of the donor mails: the three languages and an HTML shell that keeps Chinese readable.</summary>
internal static class MailText
{
    // Chinese stays as characters (not &#x...; entities); markup characters are still escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string text) => Html.Encode(text);

    /// <summary>zh-Hant, zh-Hans or en; anything else falls back to the donor default, zh-Hant.</summary>
    public static string Language(string? preferred) => preferred is "zh-Hans" or "en" ? preferred : "zh-Hant";

    public static string Pick(string language, string zhHant, string zhHans, string en) =>
        language switch { "zh-Hans" => zhHans, "en" => en, _ => zhHant };

    public static string Document(string language, string title, string body) =>
        $"""
        <!DOCTYPE html>
        <html lang="{language}">
        <head><meta charset="utf-8"><title>{Encode(title)}</title></head>
        <body style="font-family: sans-serif; line-height: 1.5">
        {body}
        </body>
        </html>
        """;
}
