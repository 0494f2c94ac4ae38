using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupplyTracker.Data;

namespace SupplyTracker.Tests.Pages;

/// <summary>
/// Walks every Razor page (enumerated from the endpoint data source) as every role that can open it, in zh-Hant, zh-Hans and
/// English. A Chinese page has no Latin-script sentence that is not a code, a name or data; an English page no Han character
/// outside names and data. Names and data are what the database stores (donors, items, places, notes), except units, which
/// are words and are translated.
/// </summary>
[Trait("Database", "true")]
public sealed partial class LanguageWalkTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly string?[] Roles = ["admin", "logistics", "auditor", "station-heping", null];

    // Never walked: signing out, the language switch and the error route are not pages a person reads in a language of their choosing.
    private static readonly string[] NotWalked = ["/Account/Logout", "/Culture"];

    // Languages named in their own language in a language choice.
    private static readonly string[] Autonyms = ["繁體中文", "简体中文", "繁體", "简体"];

    // Two Latin words in a row (a code, a lot number or a user name is one word): an English sentence or phrase.
    [GeneratedRegex(@"[A-Za-z][a-z']+(?:[ ,]+[A-Za-z][a-z']+)+")]
    private static partial Regex LatinPhrase();

    // Codes: anything with a digit (KN95, SH-2026-000001, 500ml) and all-capital abbreviations (CSV, PDF, ETag).
    [GeneratedRegex(@"[\w\-./#:]*\d[\w\-./#:]*|\b[A-Z]{2,}\w*")]
    private static partial Regex Code();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    [GeneratedRegex(@"\{(\w+)(:[^}?]*)?(\?)?\}")]
    private static partial Regex RouteParameter();

    private const string CollectText = """
        () => {
          const lang = document.documentElement.lang;
          const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'CODE', 'KBD', 'SAMP']);
          const exempt = el => {
            for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
              if (skip.has(e.tagName) || e.getAttribute('translate') === 'no') return true;
              const l = e.getAttribute('lang');
              if (l) return l !== lang;
            }
            return false;
          };
          const out = [document.title];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const t = n.nodeValue.replace(/\s+/g, ' ').trim();
            if (t && !exempt(n.parentElement)) out.push(t);
          }
          for (const el of document.body.querySelectorAll('[placeholder],[aria-label],[title],[alt],[data-confirm],input[type=submit],input[type=button]')) {
            if (exempt(el)) continue;
            for (const a of ['placeholder', 'aria-label', 'title', 'alt', 'data-confirm']) { const v = el.getAttribute(a); if (v) out.push(v.trim()); }
            if (el.matches('input[type=submit],input[type=button]') && el.value) out.push(el.value);
          }
          return out;
        }
        """;

    [Theory]
    [InlineData("zh-Hant")]
    [InlineData("zh-Hans")]
    [InlineData("en")]
    public async Task Every_page_a_role_can_open_speaks_the_chosen_language_apart_from_codes_names_and_data(string language)
    {
        var paths = await PagePathsAsync();
        var data = await StoredTextAsync();
        var problems = new List<string>();
        var walked = new HashSet<string>();
        foreach (var role in Roles)
        {
            var page = await app.NewPageAsync(role);
            await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={language}|uic={language}"), Url = app.BaseUrl }]);
            await BrowserApp.RunAsync(page, $"language-{language}-{role ?? "anonymous"}", async () =>
            {
                using var probe = await ProbeAsync(page);
                foreach (var path in paths)
                {
                    // Only what the browser would walk: a page that sends this role elsewhere (sign-in, access denied) or
                    // is missing is skipped below anyway, so it is not rendered in chromium first (a third to half of the
                    // pages for the station, auditor and anonymous users).
                    if (!await MayOpenAsync(probe, path)) continue;
                    var response = await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
                    // A page this role cannot open sends it to sign in or to "access denied"; a missing sample record is a 404.
                    if (response is null || response.Status != 200) continue;
                    if (!string.Equals(new Uri(page.Url).AbsolutePath.TrimEnd('/'), path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)) continue;
                    walked.Add(path);
                    Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
                    foreach (var text in await page.EvaluateAsync<string[]>(CollectText))
                    {
                        if (Offending(language, text, data) is not { } bad) continue;
                        problems.Add($"{role ?? "anonymous"} {path}: «{bad}» in «{text}»");
                    }
                }
            });
        }
        Assert.True(walked.Count >= 30, $"only {walked.Count} of {paths.Count} pages were walked: {string.Join(" ", walked)}");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(100)));
    }

    [Theory]
    [InlineData("zh-Hant")]
    [InlineData("zh-Hans")]
    [InlineData("en")]
    public async Task The_main_pages_of_each_role_fit_the_screen_with_a_one_line_menu_and_are_saved_as_screenshots(string language)
    {
        var stationRequest = await StationRequestAsync();
        (string User, string Path)[] pages =
        [
            ("logistics", "/Dashboard"), ("logistics", "/Requests"), ("logistics", $"/Requests/Details/{stationRequest}"), ("logistics", "/Stock/Movements"),
            ("admin", "/Admin/Users"), ("admin", "/Alerts"), ("auditor", "/AuditLog"), ("auditor", "/Dashboard"),
            ("station-heping", "/Station"), ("station-heping", $"/Requests/Details/{stationRequest}"), ("station-heping", "/Quarantine"),
            ("station-heping", "/Station/ConsumptionReports"),
        ];
        var problems = new List<string>();
        foreach (var (width, height) in new[] { (1366, 768), (390, 844) })
        {
            foreach (var group in pages.GroupBy(p => p.User))
            {
                var page = await app.NewPageAsync(group.Key, width, height);
                await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={language}|uic={language}"), Url = app.BaseUrl }]);
                await BrowserApp.RunAsync(page, $"main-{language}-{width}-{group.Key}", async () =>
                {
                    foreach (var (_, path) in group)
                    {
                        var response = await page.GotoAsync(path);
                        Assert.True(response!.Status == 200, $"{group.Key} {path}: {response.Status}");
                        Directory.CreateDirectory(BrowserApp.ScreenshotDirectory);
                        await page.ScreenshotAsync(new PageScreenshotOptions
                        {
                            Path = Path.Combine(BrowserApp.ScreenshotDirectory, $"main-{language}-{width}-{group.Key}{path.Replace('/', '-')}.png"), FullPage = true,
                        });
                        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
                        if (scrollWidth > width) problems.Add($"{group.Key} {path} at {width}: {scrollWidth} px wide");
                        var menu = await page.EvaluateAsync<double>("(document.querySelector('ul.menubar')?.getBoundingClientRect().height) ?? 0");
                        if (width >= 1366 && menu > 40) problems.Add($"{group.Key} {path} at {width}: the menu wraps ({menu} px high)");
                    }
                });
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>An HTTP client with the page's cookies (the user's sign-in, the chosen language) that does not follow redirects.</summary>
    private async Task<HttpClient> ProbeAsync(IPage page)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.BaseUrl) };
        var cookies = await page.Context.CookiesAsync([app.BaseUrl]);
        if (cookies.Count > 0) client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")));
        return client;
    }

    /// <summary>
    /// False only when the page answers neither 200 nor a redirect to itself, i.e. when the browser would end on another
    /// address or a status other than 200 and the walk would skip it; everything else is walked in the browser as before.
    /// </summary>
    private static async Task<bool> MayOpenAsync(HttpClient probe, string path)
    {
        using var response = await probe.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
            return response.Headers.Location is { } location
                && string.Equals(new Uri(new Uri(probe.BaseAddress!, path), location).AbsolutePath.TrimEnd('/'), path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
        return status == 200;
    }

    /// <summary>What in <paramref name="text"/> is in the wrong language once names, data and codes are taken out, or null.</summary>
    private static string? Offending(string language, string text, IReadOnlyList<StoredText> data)
    {
        var rest = text;
        foreach (var value in data)
        {
            if (rest.Contains(value.Text, StringComparison.Ordinal)) rest = value.RemoveFrom(rest);
        }
        if (language == "en")
        {
            foreach (var name in Autonyms) rest = rest.Replace(name, " ", StringComparison.Ordinal);
            return Han().IsMatch(rest) ? rest.Trim() : null;
        }
        return LatinPhrase().Match(Code().Replace(rest, " ")) is { Success: true } phrase ? phrase.Value : null;
    }

    /// <summary>Every Razor page's address from the endpoint data source, with a sample record for its route values.</summary>
    private async Task<List<string>> PagePathsAsync()
    {
        var receipt = await QueryAsync(db => db.DonorReceipts.OrderBy(r => r.Number).Select(r => r.Number).FirstOrDefaultAsync());
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null);
        var paths = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in endpoints)
        {
            var template = endpoint.RoutePattern.RawText ?? "";
            if (template.EndsWith("Index", StringComparison.Ordinal)) continue; // the same page as its folder's address
            var unfilled = false;
            var path = "/" + RouteParameter().Replace(template.TrimStart('/'), m =>
            {
                if (m.Groups[3].Success) return "";
                if (m.Groups[1].Value == "number" && receipt is not null) return receipt;
                if (m.Groups[2].Value is ":int" or ":long") return "1";
                unfilled = true;
                return m.Value;
            });
            path = path.Replace("//", "/", StringComparison.Ordinal);
            path = path.Length > 1 ? path.TrimEnd('/') : path;
            if (!unfilled && !NotWalked.Contains(path, StringComparer.OrdinalIgnoreCase)) paths.Add(path);
        }
        return [.. paths];
    }

    /// <summary>Every short text the database holds (names, notes, codes), longest first, except units.</summary>
    private Task<List<StoredText>> StoredTextAsync() => QueryAsync(async db =>
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null || entity.IsOwned()) continue;
            var identifier = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
            {
                if (property.Name.Contains("Unit", StringComparison.Ordinal)) continue;
                var column = property.GetColumnName(identifier);
                if (column is null) continue;
#pragma warning disable EF1002 // identifiers come from the EF model, not from input
                var stored = await db.Database.SqlQueryRaw<string>($"SELECT DISTINCT \"{column}\" AS \"Value\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL").ToListAsync();
#pragma warning restore EF1002
                foreach (var value in stored.Where(v => v.Trim().Length is > 1 and <= 300)) values.Add(value.Trim());
            }
        }
        return values.OrderByDescending(v => v.Length).Select(v => new StoredText(v)).ToList();
    });

    /// <summary>A stored value, taken out of a text only as a whole word where it starts or ends with a letter ("en" is not the middle of "reference").</summary>
    private sealed class StoredText(string text)
    {
        private readonly Regex? _word = char.IsAsciiLetter(text[0]) || char.IsAsciiLetter(text[^1])
            ? new Regex($@"(?<![A-Za-z]){Regex.Escape(text)}(?![A-Za-z])", RegexOptions.CultureInvariant)
            : null;

        public string Text => text;

        public string RemoveFrom(string value) => _word?.Replace(value, " ") ?? value.Replace(text, " ", StringComparison.Ordinal);
    }

    /// <summary>A submitted request of 和平檢查站 with a few lines, as the station's most-used page shows it.</summary>
    private async Task<int> StationRequestAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var station = await db.Users.Where(u => u.UserName == "station-heping").Select(u => u.LocationId).SingleAsync();
        var items = await db.Items.OrderBy(i => i.Code).Select(i => i.Id).Take(4).ToListAsync();
        var mediator = scope.ServiceProvider.GetRequiredService<Mediator.IMediator>();
        var today = scope.ServiceProvider.GetRequiredService<SupplyTracker.Infrastructure.DeploymentTime>().Today;
        var id = await mediator.Send(new SupplyTracker.Features.Requests.CreateRequest(station!.Value, 0, SupplyTracker.Domain.RequestPriority.Urgent,
            "夜班人手增加，口罩與手套用量加倍", today.AddDays(2), [.. items.Select((item, i) => new SupplyTracker.Features.Requests.CreateRequest.Line(item, 100 * (i + 1)))]));
        await mediator.Send(new SupplyTracker.Features.Requests.SubmitRequest(id, null));
        return id;
    }

    private async Task<T> QueryAsync<T>(Func<SupplyTrackerDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>());
    }
}
