using System.Globalization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Mail;

namespace SupplyTracker.Features.Alerts;

/// <summary>One sentence per alert in zh-Hant, zh-Hans or en: the bell's list and the digest say the same thing.</summary>
public static class AlertText
{
    public static string CurrentLanguage => CultureInfo.CurrentUICulture.Name switch
    {
        var n when n.StartsWith("zh-Hans", StringComparison.Ordinal) || n is "zh-CN" or "zh-SG" => "zh-Hans",
        var n when n.StartsWith("en", StringComparison.Ordinal) => "en",
        _ => "zh-Hant",
    };

    public static string Describe(AlertView a, string language)
    {
        var item = a.ItemCode is null ? "" : $"{a.Item} ({a.ItemCode})";
        var request = a.RequestNumber ?? a.AllocationRequestId?.ToString(CultureInfo.InvariantCulture);
        var due = a.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return a.Kind switch
        {
            AlertKind.Expiring => MailText.Pick(language,
                $"{a.Location}：{item} 批號 {a.LotNumber} 將於 {due} 到期（{a.Threshold} 天內）",
                $"{a.Location}：{item} 批号 {a.LotNumber} 将于 {due} 到期（{a.Threshold} 天内）",
                $"{a.Location}: {item} lot {a.LotNumber} expires on {due} (within {a.Threshold} days)"),
            AlertKind.BelowReorderLevel => MailText.Pick(language,
                $"{a.Location}：{item} 低於補貨水平 {a.Threshold}",
                $"{a.Location}：{item} 低于补货水平 {a.Threshold}",
                $"{a.Location}: {item} is below its reorder level of {a.Threshold}"),
            AlertKind.LowCover => MailText.Pick(language,
                $"{a.Location}：{item} 可用庫存不足 {a.Threshold} 天",
                $"{a.Location}：{item} 可用库存不足 {a.Threshold} 天",
                $"{a.Location}: {item} covers fewer than {a.Threshold} days"),
            AlertKind.RequestWaiting => MailText.Pick(language,
                $"{a.Location} 的請領 {request} 已等待超過 {a.Threshold} 小時",
                $"{a.Location} 的请领 {request} 已等待超过 {a.Threshold} 小时",
                $"Request {request} from {a.Location} has waited more than {a.Threshold} hours"),
            AlertKind.RecallNotice => MailText.Pick(language,
                $"召回 #{a.RecallId}：{item}，請將該批貨品隔離並確認",
                $"召回 #{a.RecallId}：{item}，请将该批货品隔离并确认",
                $"Recall #{a.RecallId}: {item}; set the lot aside and confirm"),
            _ => a.Kind.ToString(),
        };
    }

    /// <summary>Where a person acts on it.</summary>
    public static string? Link(AlertView a) => a.Kind switch
    {
        AlertKind.RecallNotice => $"/Recalls/Details/{a.RecallId}",
        AlertKind.RequestWaiting => $"/Requests/Details/{a.AllocationRequestId}",
        _ => null,
    };
}
