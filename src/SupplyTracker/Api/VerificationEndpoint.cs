using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Mediator;
using SupplyTracker.Domain;
using SupplyTracker.Features.Public;
using SupplyTracker.Features.Receipts;

namespace SupplyTracker.Api;

/// <summary>The public page a receipt's QR code opens: no login, Chinese as characters, and nothing at all for a code that does not match.</summary>
public static class VerificationEndpoint
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static void MapReceiptVerification(this IEndpointRouteBuilder app) =>
        app.MapGet("/verify/{number}", async (string number, string? c, IMediator mediator, CancellationToken ct) =>
            {
                var verification = await mediator.Send(new VerifyReceipt(number, c), ct);
                return Results.Content(Page(verification), "text/html; charset=utf-8", Encoding.UTF8);
            })
            .AllowAnonymous();

    private static string Page(ReceiptVerification? v)
    {
        var body = new StringBuilder();
        if (v is null)
        {
            body.Append("<h1 class=\"bad\">無法核實：並非本單位開具的真實收據<br><small>Not genuine: this receipt could not be verified</small></h1>")
                .Append("<p>請核對二維碼或連結是否完整。如有疑問，請聯繫開具單位。<br>Check that the QR code or link is complete, or contact the issuing unit.</p>");
            return Wrap("收據核驗 / Receipt verification", body.ToString());
        }

        var (css, status) = v.Status switch
        {
            ReceiptStatus.Void when v.ReplacedBy is not null => ("warn", $"已作廢，已由收據 {E(v.ReplacedBy)} 補發取代<br><small>Void: replaced by reissued receipt {E(v.ReplacedBy)}</small>"),
            ReceiptStatus.Void => ("bad", "已作廢<br><small>Void</small>"),
            _ when v.Replaces is not null => ("ok", $"真實有效（補發，取代 {E(v.Replaces)}）<br><small>Valid (reissue of {E(v.Replaces)})</small>"),
            _ => ("ok", "真實有效<br><small>Valid</small>"),
        };
        body.Append(CultureInfo.InvariantCulture, $"<h1 class=\"{css}\">收據 {E(v.Number)}：{status}</h1>")
            .Append("<dl>")
            .Append(CultureInfo.InvariantCulture, $"<dt>捐贈方 Donor</dt><dd>{E(v.DonorDisplayName)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>接收日期 Received</dt><dd>{v.ReceivedOn:yyyy-MM-dd}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>開具日期 Issued</dt><dd>{v.IssuedOn:yyyy-MM-dd}</dd>")
            .Append("</dl><h2>接收物資 Goods received</h2><table><tr><th>物資 Item</th><th>批號 Lot</th><th>數量 Quantity</th></tr>");
        foreach (var item in v.Items)
            body.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(item.NameZhHant)}<br><small>{E(item.NameEn)}</small></td><td>{E(item.LotNumber)}</td><td class=\"n\">{item.Quantity:N0} {E(item.Unit)}</td></tr>");
        body.Append("</table>");

        if (v.WhereGoodsWent is { } destinations)
        {
            body.Append("<h2>物資去向 Where the goods went</h2>");
            if (destinations.Count == 0)
                body.Append("<p>尚未發往各執勤點。<br><small>Not yet sent on to any post.</small></p>");
            else
            {
                body.Append("<table id=\"where-it-went\"><tr><th>日期 Date</th><th>執勤點 Post</th><th>物資 Item</th><th>數量 Quantity</th></tr>");
                foreach (var d in destinations)
                {
                    var post = d.Kind switch
                    {
                        ArrivalKind.MovedOn => $"{E(d.From)} → {E(d.Location)}<br><small>moved on between posts {E(d.FromEn)} → {E(d.LocationEn)} (not counted twice)</small>",
                        ArrivalKind.Returned => $"{E(d.From)} 退回 {E(d.Location)}<br><small>returned from {E(d.FromEn)} to {E(d.LocationEn)}</small>",
                        _ => $"{E(d.Location)}<br><small>{E(d.LocationEn)}</small>",
                    };
                    body.Append(CultureInfo.InvariantCulture,
                        $"<tr class=\"{d.Kind}\"><td>{d.On:yyyy-MM-dd}</td><td>{post}</td><td>{E(d.ItemZhHant)}</td><td class=\"n\">{d.Quantity:N0} {E(d.Unit)}</td></tr>");
                }
                body.Append("</table>");
                foreach (var item in destinations.Where(d => d.Kind == ArrivalKind.Delivered).GroupBy(d => (d.ItemId, d.ItemZhHant, d.ItemEn, d.Unit)))
                {
                    var reached = item.Sum(d => d.Quantity) - destinations.Where(d => d.Kind == ArrivalKind.Returned && d.ItemId == item.Key.ItemId).Sum(d => d.Quantity);
                    body.Append(CultureInfo.InvariantCulture,
                        $"<p class=\"reached\" data-item=\"{item.Key.ItemId}\">共送達各執勤點 {E(item.Key.ItemZhHant)} {reached:N0} {E(item.Key.Unit)}<br><small>Reached posts in all: {E(item.Key.ItemEn)} {reached:N0} {E(item.Key.Unit)}</small></p>");
                }
            }
            if (v.SharedLots > 0)
                body.Append("<p><small>部分批號混有其他捐贈方的物資，無法歸屬，未列入。Some lots are mixed with other donors' goods and cannot be attributed; they are not listed.</small></p>");
        }
        return Wrap($"收據核驗 {v.Number}", body.ToString());
    }

    private static string E(string text) => Html.Encode(text);

    private static string Wrap(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="zh-Hant"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>{{E(title)}}</title>
        <link rel="stylesheet" href="/css/verify.css"></head>
        <body>{{body}}</body></html>
        """;
}
