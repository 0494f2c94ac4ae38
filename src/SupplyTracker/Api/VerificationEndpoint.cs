using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Mediator;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using SupplyTracker.Documents;
using SupplyTracker.Domain;
using SupplyTracker.Features.Disclosure;
using SupplyTracker.Features.Public;
using SupplyTracker.Features.Receipts;

namespace SupplyTracker.Api;

/// <summary>The public page a receipt's QR code opens: no login, Chinese as characters, and nothing at all for a code that does not match.</summary>
public static class VerificationEndpoint
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static void MapReceiptVerification(this IEndpointRouteBuilder app) =>
        app.MapGet("/verify/{number}", async (string number, string? c, HttpContext http, IMediator mediator, IOptions<DocumentOptions> options,
                CancellationToken ct) =>
            {
                var verification = await mediator.Send(new VerifyReceipt(number, c), ct);
                var log = verification is null ? null : await mediator.Send(new GetDonationLogEntries(verification.DonationId), ct);
                var language = PageLanguage(http.Request);
                // "Not genuine" is a 404 (a checker or a script sees it) that still shows the page to the person holding the paper.
                return Results.Content(Page(verification, language, options.Value, log), "text/html; charset=utf-8", Encoding.UTF8,
                    verification is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
            })
            .AllowAnonymous();

    /// <summary>The visitor's language: ?lang, then the site's culture cookie, then Accept-Language; zh-Hant when none says.</summary>
    internal static string PageLanguage(HttpRequest request)
    {
        if (Known(request.Query["lang"].ToString()) is { } asked) return asked;
        if (request.Cookies[CookieRequestCultureProvider.DefaultCookieName] is { } cookie
            && CookieRequestCultureProvider.ParseCookieValue(cookie) is { } culture
            && Known(culture.UICultures.FirstOrDefault().Value ?? culture.Cultures.FirstOrDefault().Value ?? "") is { } chosen)
            return chosen;
        foreach (var tag in request.GetTypedHeaders().AcceptLanguage.Where(l => l.Quality is null or > 0).OrderByDescending(l => l.Quality ?? 1))
            if (Known(tag.Value.Value ?? "") is { } accepted) return accepted;
        return ReceiptLanguage.Default;
    }

    private static string? Known(string tag) => tag.ToLowerInvariant() switch
    {
        "zh-hant" or "zh-tw" or "zh-hk" or "zh-mo" or "zh-hant-tw" or "zh-hant-hk" => "zh-Hant",
        "zh-hans" or "zh-cn" or "zh-sg" or "zh" or "zh-hans-cn" => "zh-Hans",
        var t when t == "en" || t.StartsWith("en-", StringComparison.Ordinal) => "en",
        _ => null,
    };

    private sealed record Words(string Title, string NotGenuine, string NotGenuineHelp, string Receipt, string Valid, string ValidReissue, string Void,
        string VoidReplaced, string IssuedBy, string Donor, string Received, string Issued, string GoodsReceived, string Item, string Lot, string Quantity,
        string NotAccepted, string Reason, string DeclaredTotal, string ValueTotal, string None);

    private static Words For(string language) => language switch
    {
        "en" => new("Receipt verification", "Not genuine: this receipt could not be verified",
            "Check that the QR code or link is complete, or contact the issuing unit.", "Receipt", "Valid", "Valid (reissue of {0})", "Void",
            "Void: replaced by reissued receipt {0}", "Issued by", "Donor", "Received on", "Issued on", "Goods received", "Item", "Lot", "Quantity",
            "Goods not accepted", "Reason", "Total value declared by the donor", "Total value (declared and appraised)", "(none)"),
        "zh-Hans" => new("收据核验", "无法核实：并非本单位开具的真实收据", "请核对二维码或链接是否完整。如有疑问，请联系开具单位。", "收据", "真实有效",
            "真实有效（补发，取代 {0}）", "已作废", "已作废，已由收据 {0} 补发取代", "开具单位", "捐赠方", "接收日期", "开具日期", "接收物资", "物资", "批号", "数量",
            "未接收物资", "原因", "捐赠方申报价值合计", "价值合计（申报及估价）", "（无）"),
        _ => new("收據核驗", "無法核實：並非本單位開具的真實收據", "請核對二維碼或連結是否完整。如有疑問，請聯繫開具單位。", "收據", "真實有效",
            "真實有效（補發，取代 {0}）", "已作廢", "已作廢，已由收據 {0} 補發取代", "開具單位", "捐贈方", "接收日期", "開具日期", "接收物資", "物資", "批號", "數量",
            "未接收物資", "原因", "捐贈方申報價值合計", "價值合計（申報及估價）", "（無）"),
    };

    private static string Page(ReceiptVerification? v, string language, DocumentOptions options, DonationLogEntries? log)
    {
        var w = For(language);
        var unit = options.IssuingUnitIn(language);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"unit\" id=\"issuing-unit\">{E(unit)}</p>");
        if (v is null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<h1 class=\"bad\" id=\"verdict\">{E(w.NotGenuine)}</h1><p>{E(w.NotGenuineHelp)}</p>");
            return Wrap(w.Title, body.ToString(), language);
        }

        var (css, status) = v.Status switch
        {
            ReceiptStatus.Void when v.ReplacedBy is not null => ("warn", string.Format(CultureInfo.InvariantCulture, w.VoidReplaced, v.ReplacedBy)),
            ReceiptStatus.Void => ("bad", w.Void),
            _ when v.Replaces is not null => ("ok", string.Format(CultureInfo.InvariantCulture, w.ValidReissue, v.Replaces)),
            _ => ("ok", w.Valid),
        };
        var sep = language == "en" ? ": " : "：";
        body.Append(CultureInfo.InvariantCulture, $"<h1 class=\"{css}\" id=\"verdict\">{E(w.Receipt)} {E(v.Number)}{sep}{E(status)}</h1>")
            .Append("<dl>")
            .Append(CultureInfo.InvariantCulture, $"<dt>{E(w.IssuedBy)}</dt><dd>{E(unit)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>{E(w.Donor)}</dt><dd>{E(v.DonorDisplayName)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>{E(w.Received)}</dt><dd>{v.ReceivedOn:yyyy-MM-dd}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>{E(w.Issued)}</dt><dd>{v.IssuedOn:yyyy-MM-dd}</dd>");
        // The receipt's own wording: "declared" only when no value was appraised (DonorReceiptDocument says the same).
        if (v.Content?.DeclaredTotal is { } total)
            body.Append(CultureInfo.InvariantCulture, $"<dt>{E(Appraised(v.Content) ? w.ValueTotal : w.DeclaredTotal)}</dt><dd id=\"declared-total\">CNY {total.ToString("N2", CultureInfo.InvariantCulture)}</dd>");
        body.Append(CultureInfo.InvariantCulture, $"</dl><h2>{E(w.GoodsReceived)}</h2>");
        Lines(body, v.Items, language, w, "goods-received", rejected: false);
        var notAccepted = v.Content?.Rejected ?? [];
        body.Append(CultureInfo.InvariantCulture, $"<h2>{E(w.NotAccepted)}</h2>");
        Lines(body, notAccepted, language, w, "goods-not-accepted", rejected: true);

        if (v.WhereGoodsWent is { } destinations)
        {
            // One language per page, like the receipt: names in the reader's language where the ledger keeps them (Chinese and English).
            string L(string zhHant, string zhHans, string en) => language switch { "en" => en, "zh-Hans" => zhHans, _ => zhHant };
            var english = language == "en";
            string Place(string zh, string en) => E(english ? en : zh);
            body.Append(CultureInfo.InvariantCulture, $"<h2>{E(L("物資去向", "物资去向", "Where the goods went"))}</h2>");
            if (destinations.Count == 0)
                body.Append(CultureInfo.InvariantCulture, $"<p>{E(L("尚未發往各執勤點。", "尚未发往各执勤点。", "Not yet sent on to any post."))}</p>");
            else
            {
                body.Append(CultureInfo.InvariantCulture,
                    $"<table id=\"where-it-went\"><tr><th>{E(L("日期", "日期", "Date"))}</th><th>{E(L("執勤點", "执勤点", "Post"))}</th><th>{E(w.Item)}</th><th>{E(w.Quantity)}</th></tr>");
                foreach (var d in destinations)
                {
                    var post = d.Kind switch
                    {
                        ArrivalKind.MovedOn => $"{Place(d.From, d.FromEn)} → {Place(d.Location, d.LocationEn)}<br><small>{E(L("執勤點之間轉送（不重複計算）", "执勤点之间转送（不重复计算）", "moved on between posts (not counted twice)"))}</small>",
                        ArrivalKind.Returned => $"{Place(d.From, d.FromEn)} → {Place(d.Location, d.LocationEn)}<br><small>{E(L("退回", "退回", "returned"))}</small>",
                        _ => Place(d.Location, d.LocationEn),
                    };
                    var unitWord = SupplyTracker.Documents.Receipts.ReceiptTexts.Unit(d.Unit, language);
                    body.Append(CultureInfo.InvariantCulture,
                        $"<tr class=\"{d.Kind}\"><td>{d.On:yyyy-MM-dd}</td><td>{post}</td><td>{E(english ? d.ItemEn : d.ItemZhHant)}</td><td class=\"n\">{d.Quantity:N0} {E(unitWord)}</td></tr>");
                }
                body.Append("</table>");
                foreach (var item in destinations.Where(d => d.Kind == ArrivalKind.Delivered).GroupBy(d => (d.ItemId, d.ItemZhHant, d.ItemEn, d.Unit)))
                {
                    var reached = item.Sum(d => d.Quantity) - destinations.Where(d => d.Kind == ArrivalKind.Returned && d.ItemId == item.Key.ItemId).Sum(d => d.Quantity);
                    var unitWord = SupplyTracker.Documents.Receipts.ReceiptTexts.Unit(item.Key.Unit, language);
                    var name = english ? item.Key.ItemEn : item.Key.ItemZhHant;
                    body.Append(CultureInfo.InvariantCulture,
                        $"<p class=\"reached\" data-item=\"{item.Key.ItemId}\">{E(L("共送達各執勤點", "共送达各执勤点", "Reached posts in all:"))} {E(name)} {reached:N0} {E(unitWord)}</p>");
                }
            }
            if (v.SharedLots > 0)
                body.Append(CultureInfo.InvariantCulture, $"<p><small>{E(L("部分批號混有其他捐贈方的物資，無法歸屬，未列入。", "部分批号混有其他捐赠方的物资，无法归属，未列入。",
                    "Some lots are mixed with other donors' goods and cannot be attributed; they are not listed."))}</small></p>");
        }
        if (v.StatementPath is { } statement)
        {
            var label = language switch { "en" => "All this donor's donations and where they went", "zh-Hans" => "此捐赠方的全部捐赠及物资去向", _ => "此捐贈方的全部捐贈及物資去向" };
            body.Append(CultureInfo.InvariantCulture, $"<p><a id=\"statement-link\" href=\"{E(statement)}\">{E(label)}</a></p>");
        }
        if (log is not null) LogSection(body, log, language);
        return Wrap($"{w.Title} {v.Number}", body.ToString(), language);
    }

    private static bool Appraised(ReceiptContent content) =>
        content.Accepted.Any(l => l.DeclaredValue is not null && l.ValueBasis == ValueBasis.Appraised);

    private static void Lines(StringBuilder body, IReadOnlyList<ReceiptLine> lines, string language, Words w, string id, bool rejected)
    {
        if (lines.Count == 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p id=\"{id}\">{E(w.None)}</p>");
            return;
        }
        body.Append(CultureInfo.InvariantCulture, $"<table id=\"{id}\"><tr><th>{E(w.Item)}</th><th>{E(w.Lot)}</th><th>{E(w.Quantity)}</th>")
            .Append(rejected ? $"<th>{E(w.Reason)}</th>" : "").Append("</tr>");
        foreach (var item in lines)
        {
            var unit = SupplyTracker.Documents.Receipts.ReceiptTexts.Unit(item.Unit, language);
            body.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(item.Name(language))}</td><td>{E(item.LotNumber)}</td><td class=\"n\">{item.Quantity:N0} {E(unit)}</td>")
                .Append(rejected ? $"<td>{E(item.RejectionReason ?? "")}</td>" : "").Append("</tr>");
        }
        body.Append("</table>");
    }

    /// <summary>Each published entry of the receipt's lines: its leaf index and a link to its inclusion proof under the latest tree head.</summary>
    private static void LogSection(StringBuilder body, DonationLogEntries log, string language)
    {
        string L(string zhHant, string zhHans, string en) => language switch { "en" => en, "zh-Hans" => zhHans, _ => zhHant };
        var english = language == "en";
        body.Append(CultureInfo.InvariantCulture, $"<h2>{E(L("公示日誌", "公示日志", "Public log"))}</h2>");
        if (log.Entries.Count == 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p>{E(L("尚未公布於公示日誌。", "尚未公布于公示日志。", "Not yet published in the public log."))}</p>");
            return;
        }
        body.Append(CultureInfo.InvariantCulture, $"<p><small>{E(L("最新簽署樹根大小", "最新签署树根大小", "Latest signed tree size"))}: {log.TreeSize:N0} · <a href=\"/public/log/sth\">sth</a> · <a href=\"/public/log/key\">key</a></small></p>")
            .Append(CultureInfo.InvariantCulture, $"<table id=\"log-entries\"><tr><th>{E(L("葉索引", "叶索引", "Leaf index"))}</th><th>{E(L("類別", "类别", "Kind"))}</th><th>{E(L("物資", "物资", "Item"))}</th><th>{E(L("數量", "数量", "Quantity"))}</th><th>{E(L("包含證明", "包含证明", "Inclusion proof"))}</th></tr>");
        foreach (var e in log.Entries)
        {
            var proof = e.Provable(log.TreeSize)
                ? $"<a class=\"proof\" href=\"/public/log/proof?index={e.Index}&amp;size={log.TreeSize}\">proof</a> · <a href=\"/public/log/entries?start={e.Index}&amp;end={e.Index}\">leaf</a>"
                : $"<small>{E(L("待下次簽署", "待下次签署", "awaiting the next tree head"))}</small>";
            var corrects = e.CorrectsIndex is { } c ? $"<br><small>{E(L("更正", "更正", "corrects"))} #{c}</small>" : "";
            var unit = SupplyTracker.Documents.Receipts.ReceiptTexts.Unit(e.Unit ?? "", language);
            body.Append(CultureInfo.InvariantCulture,
                $"<tr data-index=\"{e.Index}\"><td class=\"n\">{e.Index}</td><td><code>{E(e.Kind.ToString())}</code>{corrects}</td><td>{E((english ? e.ItemNameEn : e.ItemNameZhHant) ?? "")}</td><td class=\"n\">{e.Quantity:N0} {E(unit)}</td><td>{proof}</td></tr>");
        }
        body.Append("</table>");
    }

    private static string E(string text) => Html.Encode(text);

    private static string Wrap(string title, string body, string language) => $$"""
        <!DOCTYPE html>
        <html lang="{{language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>{{E(title)}}</title>
        <link rel="stylesheet" href="/css/verify.css"></head>
        <body>{{body}}</body></html>
        """;
}
