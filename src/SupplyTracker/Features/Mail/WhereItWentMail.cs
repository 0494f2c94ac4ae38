using System.Globalization;
using System.Text;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Mail;

/// <summary>One stop of a donor's goods: a station, the day they arrived, what and how much.</summary>
public sealed record TraceLine(DateOnly On, string StationZhHant, string StationZhHans, string StationEn,
    string ItemZhHant, string ItemZhHans, string ItemEn, string BaseUnit, long Quantity)
{
    /// <summary>A first delivery (the default), a move on from <see cref="FromZhHant"/> to the station, or a return from it to a warehouse.</summary>
    public Features.Public.ArrivalKind Kind { get; init; }
    public string FromZhHant { get; init; } = "";
    public string FromZhHans { get; init; } = "";
    public string FromEn { get; init; } = "";
}

/// <summary>A line the donor directed to a location (定向捐贈).</summary>
public sealed record DirectedLine(string ItemZhHant, string ItemZhHans, string ItemEn, string ToZhHant, string ToZhHans, string ToEn);

/// <summary>The follow-up that tells a donor which stations their goods reached, in the donor's language.</summary>
public static class WhereItWentMail
{
    /// <param name="statementUrl">The donor's public statement (every donation, receipts, where the goods went), absolute.</param>
    public static MailContent Compose(Donor donor, Donation donation, IReadOnlyList<TraceLine> trace, string? statementUrl = null,
        IReadOnlyList<DirectedLine>? directed = null)
    {
        directed ??= [];
        var language = MailText.Language(donor.PreferredLanguage);
        string T(string zhHant, string zhHans, string en) => MailText.Pick(language, zhHant, zhHans, en);
        var received = donation.ReceivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var reference = donation.Reference ?? $"#{donation.Id}";

        var subject = T("您捐贈的物資去了哪裡", "您捐赠的物资去了哪里", "Where your donation went");
        var greeting = T($"{donor.Name} 您好：", $"{donor.Name} 您好：", $"Dear {donor.Name},");
        var intro = T(
            $"您於 {received} 捐贈的物資（{reference}）已送達以下執勤點：",
            $"您于 {received} 捐赠的物资（{reference}）已送达以下执勤点：",
            $"The goods you donated on {received} ({reference}) have reached these posts:");
        var headings = new[] { T("日期", "日期", "Date"), T("執勤點", "执勤点", "Station"), T("物資", "物资", "Item"), T("數量", "数量", "Quantity") };
        var thanks = T("再次感謝您的支持。", "再次感谢您的支持。", "Thank you again for your support.");
        var statement = T("您的全部捐贈、收據及物資去向，可隨時在此查看：", "您的全部捐赠、收据及物资去向，可随时在此查看：",
            "All your donations, their receipts and where the goods went, at any time:");
        var optOut = T("如不希望再收到此類通知，請告知我們，我們將不再寄送。", "如不希望再收到此类通知，请告知我们，我们将不再寄送。",
            "If you would rather not receive these updates, tell us and we will stop.");

        var rows = trace.Select(t => new[]
        {
            t.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            t.Kind switch
            {
                Features.Public.ArrivalKind.MovedOn => T($"{t.FromZhHant} → {t.StationZhHant}（站間調撥，不重複計算）", $"{t.FromZhHans} → {t.StationZhHans}（站间调拨，不重复计算）",
                    $"{t.FromEn} → {t.StationEn} (moved on between posts, not counted twice)"),
                Features.Public.ArrivalKind.Returned => T($"{t.FromZhHant} 退回 {t.StationZhHant}", $"{t.FromZhHans} 退回 {t.StationZhHans}", $"returned from {t.FromEn} to {t.StationEn}"),
                _ => T(t.StationZhHant, t.StationZhHans, t.StationEn),
            },
            T(t.ItemZhHant, t.ItemZhHans, t.ItemEn),
            $"{t.Quantity.ToString("N0", CultureInfo.InvariantCulture)} {t.BaseUnit}",
        }).ToList();

        var directedText = directed.Select(d => T($"{d.ItemZhHant}：定向捐贈予 {d.ToZhHant}", $"{d.ItemZhHans}：定向捐赠予 {d.ToZhHans}",
            $"{d.ItemEn}: directed to {d.ToEn}")).ToList();
        var text = new StringBuilder().Append(greeting).Append("\n\n").Append(intro).Append("\n\n");
        foreach (var row in rows) text.Append("- ").AppendJoin("  ", row).Append('\n');
        foreach (var line in directedText) text.Append('\n').Append(line);
        if (directedText.Count > 0) text.Append('\n');
        if (statementUrl is not null) text.Append('\n').Append(statement).Append('\n').Append(statementUrl).Append('\n');
        text.Append('\n').Append(thanks).Append('\n').Append(optOut).Append('\n');

        var html = new StringBuilder()
            .Append("<p>").Append(MailText.Encode(greeting)).Append("</p>\n<p>").Append(MailText.Encode(intro)).Append("</p>\n")
            .Append("<table style=\"border-collapse: collapse\">\n<tr>");
        foreach (var heading in headings) html.Append("<th style=\"text-align: left; padding: 2px 12px 2px 0\">").Append(MailText.Encode(heading)).Append("</th>");
        html.Append("</tr>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append("<td style=\"padding: 2px 12px 2px 0\">").Append(MailText.Encode(cell)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
        foreach (var line in directedText) html.Append("<p class=\"directed\">").Append(MailText.Encode(line)).Append("</p>\n");
        if (statementUrl is not null)
            html.Append("<p>").Append(MailText.Encode(statement)).Append(" <a id=\"statement-link\" href=\"").Append(MailText.Encode(statementUrl)).Append("\">")
                .Append(MailText.Encode(statementUrl)).Append("</a></p>\n");
        html.Append("<p>").Append(MailText.Encode(thanks)).Append("</p>\n<p style=\"color: #666\">").Append(MailText.Encode(optOut)).Append("</p>");
        return new MailContent(language, subject, text.ToString(), MailText.Document(language, subject, html.ToString()), []);
    }
}
