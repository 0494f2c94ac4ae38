using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Features.Disclosure;
using SupplyTracker.Tests.Features.Disclosure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Public;

/// <summary>The verification page's log section, followed as an outsider would: its proof link verifies with an independent RFC 6962 check.</summary>
[Trait("Database", "true")]
public sealed partial class VerificationLogSectionTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    [Fact]
    public async Task The_verification_page_lists_each_line_entry_with_its_leaf_index_and_a_proof_link_that_verifies()
    {
        var warehouse = await app.CreateLocationAsync();
        var masks = await app.CreateItemAsync();
        var donation = await app.DonateAsync(await app.CreateDonorAsync(), warehouse, null, (masks, 120));
        var path = await app.VerificationPathAsync(donation);
        await app.InScopeAsync(async s => await s.GetRequiredService<IMediator>().Send(new PublishDisclosures()));

        using var outsider = app.CreateClient();
        var page = await outsider.GetStringAsync(path);

        var link = ProofLink().Match(page);
        Assert.True(link.Success, page);
        var index = long.Parse(link.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var size = long.Parse(link.Groups["size"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"<tr data-index=\"{index}\">", page, StringComparison.Ordinal);

        var proof = await outsider.GetFromJsonAsync<JsonElement>($"/public/log/proof?index={index}&size={size}");
        var entries = await outsider.GetFromJsonAsync<JsonElement>($"/public/log/entries?start={index}&end={index}");
        var sth = await outsider.GetFromJsonAsync<JsonElement>("/public/log/sth");
        var entry = entries.GetProperty("entries")[0];
        Assert.Equal(masks.Code, entry.GetProperty("entry").GetProperty("item").GetProperty("code").GetString());
        Assert.Equal(size, sth.GetProperty("treeSize").GetInt64());
        Assert.True(Rfc6962.VerifyInclusion(index, size, Rfc6962.LeafHash(Convert.FromBase64String(entry.GetProperty("leaf").GetString()!)),
            [.. proof.GetProperty("auditPath").EnumerateArray().Select(p => Convert.FromBase64String(p.GetString()!))],
            Convert.FromBase64String(sth.GetProperty("rootHash").GetString()!)));
    }

    [GeneratedRegex("href=\"/public/log/proof\\?index=(?<index>[0-9]+)&amp;size=(?<size>[0-9]+)\"")]
    private static partial Regex ProofLink();
}
