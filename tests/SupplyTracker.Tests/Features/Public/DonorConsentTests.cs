using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Disclosure;
using SupplyTracker.Features.Public;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Public;

/// <summary>
/// Donor consent on every public surface, checked from the outside: every GET endpoint of the route table is requested
/// without signing in (route values filled with real receipts and donors), and no answer may carry the name of a donor
/// who did not consent to be named.
/// </summary>
[Trait("Database", "true")]
public sealed partial class DonorConsentTests(SeededSupplyTrackerApp app) : IClassFixture<SeededSupplyTrackerApp>
{
    [Fact]
    public async Task A_donor_without_consent_never_appears_by_name_in_any_public_response_of_the_route_table()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var warehouse = await app.CreateLocationAsync();
        var station = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var masks = await app.CreateItemAsync();
        // A person never asked (the default: anonymous), a company that asked not to be named, and a company named by default.
        var person = await app.CreateDonorAsync($"陳志明{suffix}", DonorKind.Individual);
        var official = await app.CreateDonorAsync($"王局長{suffix}", DonorKind.Official);
        var company = await app.CreateDonorAsync($"不具名公司{suffix}", DonorKind.Organisation);
        await app.SendAsync(new RecordDonorConsent(company.Id, null, NamePublic: false, TracePublic: true));
        var named = await app.CreateDonorAsync($"具名商會{suffix}", DonorKind.Organisation);

        var receipts = new List<string>();
        foreach (var (donor, lot) in new[] { (person, $"P{suffix}"), (official, $"O{suffix}"), (company, $"C{suffix}"), (named, $"N{suffix}") })
        {
            var donation = await app.DonateAsync(donor, warehouse, lot, (masks, 100));
            await app.TransferAsync(warehouse, station, masks, 30, lot);
            receipts.Add(await app.VerificationPathAsync(donation));
        }
        await PublishAsync();
        var statements = new List<string>();
        foreach (var donor in new[] { person, official, company, named })
            statements.Add(await app.InScopeAsync(s => s.GetRequiredService<IMediator>().Send(new GetDonorStatementLink(donor.Id)).AsTask()));

        var scanned = await ScanEveryAnonymousGetAsync(receipts, statements);

        string[] hidden = [person.Name, official.Name, company.Name, "陳志明"];
        foreach (var (url, status, body) in scanned)
            foreach (var name in hidden)
                Assert.False(body.Contains(name, StringComparison.Ordinal), $"{url} ({status}) names {name}");
        // The scan saw the public surfaces for real: each answered, and a donor who is named by default is named.
        var answered = scanned.Where(s => s.Status == HttpStatusCode.OK).Select(s => s.Url).ToList();
        foreach (var surface in new[] { "/Transparency", "/public/disclosures", "/public/disclosures.csv", "/public/log/entries", "/verify/", "/public/statement/" })
            Assert.Contains(answered, u => u.StartsWith(surface, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(scanned, s => s.Status == HttpStatusCode.TooManyRequests);
        Assert.Contains(scanned, s => s.Url.StartsWith("/public/disclosures", StringComparison.Ordinal) && s.Body.Contains(named.Name, StringComparison.Ordinal));
        Assert.Contains(scanned, s => s.Url.StartsWith("/Transparency", StringComparison.OrdinalIgnoreCase) && s.Body.Contains(named.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Consent_recorded_later_names_the_donor_in_new_log_entries_and_leaves_published_ones_as_they_were()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var warehouse = await app.CreateLocationAsync();
        var masks = await app.CreateItemAsync();
        var person = await app.CreateDonorAsync($"林小姐{suffix}", DonorKind.Individual);
        Assert.True(person.IsAnonymous);
        Assert.Null(person.ConsentRecordedAt);

        var first = await app.DonateAsync(person, warehouse, $"A{suffix}", (masks, 10));
        await PublishAsync();
        await app.SendAsync(new RecordDonorConsent(person.Id, null, NamePublic: true, TracePublic: true));
        var second = await app.DonateAsync(person, warehouse, $"B{suffix}", (masks, 20));
        await PublishAsync();

        var recorded = await app.QueryAsync(db => db.Donors.AsNoTracking().SingleAsync(d => d.Id == person.Id));
        Assert.True(recorded.NamePublic);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, recorded.ConsentRecordedAt);
        Assert.False(string.IsNullOrWhiteSpace(recorded.ConsentRecordedBy));
        var entries = await app.QueryAsync(db => db.Disclosures.AsNoTracking().Where(d => d.DonationId == first || d.DonationId == second)
            .Select(d => new { d.DonationId, d.Donor }).ToListAsync());
        Assert.All(entries.Where(e => e.DonationId == first), e => Assert.Equal(SupplyTracker.Domain.Disclosure.IndividualDonor, e.Donor));
        Assert.All(entries.Where(e => e.DonationId == second), e => Assert.Equal(person.Name, e.Donor));
        Assert.Contains(entries, e => e.DonationId == first);
    }

    [Fact]
    public async Task A_donor_who_withholds_where_the_goods_went_has_no_trace_on_the_verification_page_or_the_statement_nor_a_name_on_hops()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var warehouse = await app.CreateLocationAsync();
        var station = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var masks = await app.CreateItemAsync();
        var company = await app.CreateDonorAsync($"低調公司{suffix}", DonorKind.Organisation);
        await app.SendAsync(new RecordDonorConsent(company.Id, null, NamePublic: true, TracePublic: false));
        var donation = await app.DonateAsync(company, warehouse, $"T{suffix}", (masks, 50));
        await app.TransferAsync(warehouse, station, masks, 20, $"T{suffix}");
        var verify = await app.VerificationPathAsync(donation);
        await PublishAsync();
        using var outsider = app.CreateClient();

        var page = await outsider.GetStringAsync(verify);
        Assert.Contains(company.Name, page, StringComparison.Ordinal);
        Assert.DoesNotContain("where-it-went", page, StringComparison.Ordinal);
        var statement = await outsider.GetStringAsync(StatementLink().Match(page).Groups["path"].Value.Replace("&amp;", "&", StringComparison.Ordinal));
        Assert.Contains("id=\"trace-hidden\"", statement, StringComparison.Ordinal);
        Assert.DoesNotContain(station.Name, statement, StringComparison.Ordinal);
        var hops = await app.QueryAsync(db => db.Disclosures.AsNoTracking().Where(d => d.Kind == DisclosureKind.Transfer && d.Lot == $"T{suffix}").Select(d => d.Donor).ToListAsync());
        Assert.Equal([SupplyTracker.Domain.Disclosure.AnonymousDonor], hops);
    }

    [Fact]
    public async Task The_statement_lists_every_donation_with_its_receipt_and_a_forged_or_garbled_link_is_a_404_naming_no_one()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var warehouse = await app.CreateLocationAsync();
        var station = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var goggles = await app.CreateItemAsync();
        var donor = await app.CreateDonorAsync($"護目鏡商會{suffix}", DonorKind.Organisation);
        var first = await app.DonateAsync(donor, warehouse, $"G{suffix}", (goggles, 50));
        var second = await app.DonateAsync(donor, warehouse, $"H{suffix}", (goggles, 10));
        await app.TransferAsync(warehouse, station, goggles, 50, $"G{suffix}");
        await app.TransferAsync(station, warehouse, goggles, 5, $"G{suffix}");
        var verify = await app.VerificationPathAsync(first);
        using var outsider = app.CreateClient();

        var page = await outsider.GetStringAsync(verify);
        var link = StatementLink().Match(page).Groups["path"].Value;
        using var ok = await outsider.GetAsync(link);
        var statement = await ok.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains($"data-donation=\"{first}\"", statement, StringComparison.Ordinal);
        Assert.Contains($"data-donation=\"{second}\"", statement, StringComparison.Ordinal);
        Assert.Contains(verify.Replace("&", "&amp;", StringComparison.Ordinal), statement, StringComparison.Ordinal);
        // The same "reached posts" as the verification page: 50 delivered, 5 sent back.
        Assert.Contains("共送達各執勤點", page, StringComparison.Ordinal);
        Assert.Contains(" 45 ", page, StringComparison.Ordinal);
        Assert.Matches($"<tr data-item=\"{goggles.Id}\"><td>[^<]+</td><td class=\"n accepted\">60 [^<]*</td><td class=\"n delivered\">45 ", statement);
        using var english = await outsider.GetAsync(link + "&lang=en");
        Assert.Contains("Donor statement", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var id = link["/public/statement/".Length..link.IndexOf('?', StringComparison.Ordinal)];
        foreach (var bad in new[] { link[..^1] + (link[^1] == '0' ? "1" : "0"), $"/public/statement/{id}", $"/public/statement/{id}x?c=AAAA", $"/public/statement/{int.Parse(id, System.Globalization.CultureInfo.InvariantCulture) + 1}{link[link.IndexOf('?', StringComparison.Ordinal)..]}" })
        {
            using var response = await outsider.GetAsync(bad);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain(donor.Name, body, StringComparison.Ordinal);
            Assert.DoesNotContain("data-donation", body, StringComparison.Ordinal);
        }
    }

    private Task<DisclosuresPublished> PublishAsync() =>
        app.InScopeAsync(async s => await s.GetRequiredService<IMediator>().Send(new PublishDisclosures()));

    /// <summary>Every GET endpoint, anonymously: route values from the receipts and statements given, the log's ranges filled in.</summary>
    private async Task<List<(string Url, HttpStatusCode Status, string Body)>> ScanEveryAnonymousGetAsync(List<string> receipts, List<string> statements)
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || methods.HttpMethods.Count == 0 || methods.HttpMethods.Contains("GET"))
            .ToList();
        var size = await app.QueryAsync(db => db.Disclosures.CountAsync());
        var urls = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern;
            var template = "/" + (pattern.RawText ?? "").TrimStart('/');
            if (template.StartsWith("/verify/", StringComparison.Ordinal)) { urls.UnionWith(receipts); continue; }
            if (template.StartsWith("/public/statement/", StringComparison.Ordinal)) { urls.UnionWith(statements); urls.Add(statements[0][..^4] + "0000"); continue; }
            var url = Parameter().Replace(template, m => m.Groups["name"].Value.ToLowerInvariant() switch
            {
                "key" or "id" or "donorid" or "donationid" => "1",
                _ => "1",
            });
            url = url.Replace("{**", "", StringComparison.Ordinal);
            url += url switch
            {
                "/public/log/entries" => $"?start=0&end={size - 1}",
                "/public/log/proof" => $"?index=0&size={size}",
                "/public/log/consistency" => $"?first=1&second={size}",
                _ => "",
            };
            urls.Add(url);
        }
        // Pages that answer at their folder's path.
        urls.Add("/Transparency?culture=zh-Hant");
        urls.Add("/Transparency?culture=en");

        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var results = new List<(string, HttpStatusCode, string)>();
        foreach (var url in urls)
        {
            using var response = await client.GetAsync(url);
            results.Add((url, response.StatusCode, Readable(await response.Content.ReadAsByteArrayAsync())));
        }
        return results;
    }

    /// <summary>The body as a reader sees it: HTML character references and JSON \u escapes decoded.</summary>
    private static string Readable(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        text = JsonEscape().Replace(text, m => ((char)Convert.ToInt32(m.Groups["hex"].Value, 16)).ToString());
        return WebUtility.HtmlDecode(text);
    }

    [GeneratedRegex("\\{(?<name>[^}:?=*]+)[^}]*\\}")]
    private static partial Regex Parameter();

    [GeneratedRegex("\\\\u(?<hex>[0-9a-fA-F]{4})")]
    private static partial Regex JsonEscape();

    [GeneratedRegex("id=\"statement-link\" href=\"(?<path>[^\"]+)\"")]
    private static partial Regex StatementLink();
}
