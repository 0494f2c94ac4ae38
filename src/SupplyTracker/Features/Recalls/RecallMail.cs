using SupplyTracker.Domain;
using SupplyTracker.Features.Mail;

namespace SupplyTracker.Features.Recalls;

/// <summary>The recall notice a station's users get by mail, in zh-Hant (the staff default).</summary>
internal static class RecallMail
{
    public static MailContent Notice(Recall recall, Item item, string lots, Location station, long held, string language = "zh-Hant")
    {
        var subject = MailText.Pick(language, $"召回通知：{item.NameZhHant} 批號 {lots}", $"召回通知：{item.NameZhHans} 批号 {lots}",
            $"Recall notice: {item.NameEn} lot {lots}");
        var text = MailText.Pick(language,
            $"{station.Name}：{item.NameZhHant}（{item.Code}）批號 {lots} 已被召回（{recall.Reason}）。召回時貴站存有 {held} {item.BaseUnit}。請立即停止使用、另行存放，並在系統的召回頁面確認已隔離。",
            $"{station.NameZhHans}：{item.NameZhHans}（{item.Code}）批号 {lots} 已被召回（{recall.Reason}）。召回时贵站存有 {held} {item.BaseUnit}。请立即停止使用、另行存放，并在系统的召回页面确认已隔离。",
            $"{station.NameEn}: {item.NameEn} ({item.Code}) lot {lots} is recalled ({recall.Reason}). You held {held} {item.BaseUnit} when it was raised. Stop using it, set it aside and confirm on the recall's page.");
        return new MailContent(language, subject, text, MailText.Document(language, subject, $"<p>{MailText.Encode(text)}</p>"), []);
    }
}
