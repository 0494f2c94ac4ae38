using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Mediator;
using Microsoft.Extensions.Options;
using SupplyTracker.Documents;
using SupplyTracker.Features.Disclosure;
using SupplyTracker.Features.Public;

namespace SupplyTracker.Api;

/// <summary>
/// A donor's public statement (<c>/public/statement/{donorId}?c=CODE</c>): every donation, its receipts and, when the
/// donor allows it, where the goods went, with the verification page's figures. Anonymous, rate limited with the public
/// log; a wrong code or an unknown donor is the same 404 page, naming no one.
/// </summary>
public static class DonorStatementEndpoint
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static void MapDonorStatement(this IEndpointRouteBuilder app) =>
        app.MapGet("/public/statement/{donorId}", async (string donorId, string? c, HttpContext http, IMediator mediator, IOptions<DocumentOptions> options,
                CancellationToken ct) =>
            {
                var language = VerificationEndpoint.PageLanguage(http.Request);
                var statement = int.TryParse(donorId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    ? await mediator.Send(new GetDonorStatement(id, c), ct)
                    : null;
                http.Response.Headers.CacheControl = "no-store";
                var self = $"/public/statement/{Uri.EscapeDataString(donorId)}?c={Uri.EscapeDataString(c ?? "")}";
                return Results.Content(Page(statement, language, options.Value, self), "text/html; charset=utf-8", Encoding.UTF8,
                    statement is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
            })
            .AllowAnonymous()
            .AddEndpointFilter((context, next) => context.HttpContext.RequestServices.GetRequiredService<PublicLogRateLimit>().InvokeAsync(context, next));

    private sealed record Words(string Title, string NotFound, string NotFoundHelp, string Donor, string Totals, string Item, string Accepted,
        string Delivered, string Donation, string Received, string Rejected, string Receipts, string NoReceipt, string Where, string NotYet,
        string TraceHidden, string Date, string Post, string Quantity, string DirectedTo, string MovedOn, string Returned, string Shared,
        string Valid, string Void, string Lang, string None);

    private static Words For(string language) => language switch
    {
        "en" => new("Donor statement", "Statement not found", "Check that the link is complete, or contact the receiving unit.", "Donor",
            "In all", "Item", "Accepted", "Reached posts", "Donation", "Received on", "Not accepted", "Receipts", "No receipt issued yet",
            "Where the goods went", "Not yet sent on to any post.", "The donor has not agreed to show where the goods went.", "Date", "Post", "Quantity",
            "Directed to {0}", "moved on between posts (not counted twice)", "returned to", "Some lots are mixed with other donors' goods and cannot be attributed; they are not followed.",
            "valid", "void", "Language", "(none)"),
        "zh-Hans" => new("捐赠方明细", "找不到此明细", "请核对链接是否完整。如有疑问，请联系接收单位。", "捐赠方", "合计", "物资", "接收", "送达各执勤点",
            "捐赠", "接收日期", "未接收", "收据", "尚未开具收据", "物资去向", "尚未发往各执勤点。", "捐赠方未同意公开物资去向。", "日期", "执勤点", "数量",
            "定向捐赠：{0}", "站间调拨（不重复计算）", "退回", "部分批号混有其他捐赠方的物资，无法归属，未列入。", "有效", "已作废", "语言", "（无）"),
        _ => new("捐贈方明細", "找不到此明細", "請核對連結是否完整。如有疑問，請聯繫接收單位。", "捐贈方", "合計", "物資", "接收", "送達各執勤點",
            "捐贈", "接收日期", "未接收", "收據", "尚未開具收據", "物資去向", "尚未發往各執勤點。", "捐贈方未同意公開物資去向。", "日期", "執勤點", "數量",
            "定向捐贈：{0}", "站間調撥（不重複計算）", "退回", "部分批號混有其他捐贈方的物資，無法歸屬，未列入。", "有效", "已作廢", "語言", "（無）"),
    };

    private static string Name(SupplyTracker.Domain.Item item, string language) => language switch
    {
        "en" => item.NameEn,
        "zh-Hans" => item.NameZhHans,
        _ => item.NameZhHant,
    };

    private static string Name(SupplyTracker.Domain.Location location, string language) => language switch
    {
        "en" => location.NameEn,
        "zh-Hans" => location.NameZhHans,
        _ => location.Name,
    };

    private static string Amount(long quantity, string unit, string language) =>
        $"{quantity.ToString("N0", CultureInfo.InvariantCulture)} {SupplyTracker.Documents.Receipts.ReceiptTexts.Unit(unit, language)}";

    internal static string Page(DonorStatement? s, string language, DocumentOptions options, string self)
    {
        var w = For(language);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"unit\" id=\"issuing-unit\">{E(options.IssuingUnitIn(language))}</p>");
        if (s is null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<h1 class=\"bad\" id=\"verdict\">{E(w.NotFound)}</h1><p>{E(w.NotFoundHelp)}</p>");
            return Wrap(w.Title, body.ToString(), language, "");
        }

        body.Append(CultureInfo.InvariantCulture, $"<h1 id=\"statement\">{E(w.Title)}</h1>")
            .Append(CultureInfo.InvariantCulture, $"<dl><dt>{E(w.Donor)}</dt><dd id=\"donor\">{E(s.DonorDisplayName)}</dd></dl>")
            .Append(CultureInfo.InvariantCulture, $"<h2>{E(w.Totals)}</h2><table id=\"totals\"><tr><th>{E(w.Item)}</th><th>{E(w.Accepted)}</th>")
            .Append(s.TracePublic ? $"<th>{E(w.Delivered)}</th>" : "").Append("</tr>");
        foreach (var t in s.Totals)
        {
            body.Append(CultureInfo.InvariantCulture,
                $"<tr data-item=\"{t.Item.Id}\"><td>{E(Name(t.Item, language))}</td><td class=\"n accepted\">{E(Amount(t.Accepted, t.Item.BaseUnit, language))}</td>");
            if (t.Delivered is { } delivered)
                body.Append(CultureInfo.InvariantCulture, $"<td class=\"n delivered\">{E(Amount(delivered, t.Item.BaseUnit, language))}</td>");
            body.Append("</tr>");
        }
        body.Append("</table>");
        if (!s.TracePublic) body.Append(CultureInfo.InvariantCulture, $"<p id=\"trace-hidden\">{E(w.TraceHidden)}</p>");

        foreach (var d in s.Donations)
        {
            body.Append(CultureInfo.InvariantCulture, $"<section class=\"donation\" data-donation=\"{d.Id}\"><h2>{E(w.Donation)} #{d.Id} · {E(w.Received)} {d.ReceivedOn:yyyy-MM-dd}</h2>")
                .Append(CultureInfo.InvariantCulture, $"<table class=\"lines\"><tr><th>{E(w.Item)}</th><th>{E(w.Accepted)}</th><th>{E(w.Rejected)}</th></tr>");
            foreach (var l in d.Lines)
            {
                var directed = l.DirectedTo is { } to ? $"<br><small class=\"directed\">{E(string.Format(CultureInfo.InvariantCulture, w.DirectedTo, Name(to, language)))}</small>" : "";
                body.Append(CultureInfo.InvariantCulture,
                    $"<tr data-item=\"{l.Item.Id}\"><td>{E(Name(l.Item, language))}{directed}</td><td class=\"n accepted\">{E(Amount(l.Accepted, l.Item.BaseUnit, language))}</td><td class=\"n\">{E(Amount(l.Rejected, l.Item.BaseUnit, language))}</td></tr>");
            }
            body.Append("</table>").Append(CultureInfo.InvariantCulture, $"<p class=\"receipts\">{E(w.Receipts)}: ");
            if (d.Receipts.Count == 0) body.Append(E(w.NoReceipt));
            body.AppendJoin(" · ", d.Receipts.Select(r => $"<a href=\"{E(r.VerificationPath)}\">{E(r.Number)}</a> ({E(r.Status == SupplyTracker.Domain.ReceiptStatus.Void ? w.Void : w.Valid)})"));
            body.Append("</p>");
            if (d.Stops is { } stops)
            {
                body.Append(CultureInfo.InvariantCulture, $"<h3>{E(w.Where)}</h3>");
                if (stops.Count == 0) body.Append(CultureInfo.InvariantCulture, $"<p>{E(w.NotYet)}</p>");
                else
                {
                    body.Append(CultureInfo.InvariantCulture, $"<table class=\"where-it-went\"><tr><th>{E(w.Date)}</th><th>{E(w.Post)}</th><th>{E(w.Item)}</th><th>{E(w.Quantity)}</th></tr>");
                    foreach (var stop in stops)
                    {
                        var post = stop.Kind switch
                        {
                            ArrivalKind.MovedOn => $"{E(Name(stop.From, language))} → {E(Name(stop.To, language))}<br><small>{E(w.MovedOn)}</small>",
                            ArrivalKind.Returned => $"{E(Name(stop.From, language))} {E(w.Returned)} {E(Name(stop.To, language))}",
                            _ => E(Name(stop.To, language)),
                        };
                        body.Append(CultureInfo.InvariantCulture,
                            $"<tr class=\"{stop.Kind}\"><td>{stop.On:yyyy-MM-dd}</td><td>{post}</td><td>{E(Name(stop.Item, language))}</td><td class=\"n\">{E(Amount(stop.Quantity, stop.Item.BaseUnit, language))}</td></tr>");
                    }
                    body.Append("</table>");
                }
            }
            body.Append("</section>");
        }
        if (s.SharedLots > 0) body.Append(CultureInfo.InvariantCulture, $"<p><small>{E(w.Shared)}</small></p>");
        var links = $"<footer><p><small>{E(w.Lang)}: " + string.Join(" · ", new[] { ("zh-Hant", "繁體中文"), ("zh-Hans", "简体中文"), ("en", "English") }
            .Select(l => $"<a href=\"{E(self)}&amp;lang={l.Item1}\" hreflang=\"{l.Item1}\" lang=\"{l.Item1}\">{l.Item2}</a>")) + "</small></p></footer>";
        return Wrap($"{w.Title} · {s.DonorDisplayName}", body.ToString(), language, links);
    }

    private static string E(string text) => Html.Encode(text);

    private static string Wrap(string title, string body, string language, string footer) => $$"""
        <!DOCTYPE html>
        <html lang="{{language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>{{E(title)}}</title>
        <link rel="stylesheet" href="/css/verify.css"></head>
        <body><main>{{body}}</main>{{footer}}</body></html>
        """;
}
