using System.Text;
using System.Text.Json;
using SupplyTracker.Domain;
using Entry = SupplyTracker.Domain.Disclosure;

namespace SupplyTracker.Tests.Features.Disclosure;

public sealed class DisclosureEntryTests
{
    private static readonly DateTime At = new(2026, 3, 1, 8, 0, 0, 123, DateTimeKind.Utc);

    [Fact]
    public void The_leaf_is_compact_canonical_JSON_with_every_property_in_a_fixed_order()
    {
        var entry = new Entry(3, DisclosureKind.Return, new DisclosureItem("MSK-N95", "N95口罩", "N95口罩", "N95 respirator", "只"), 20, "L\"1",
            new DisclosurePlace("CP-HEPING", "和平檢查站", "Heping checkpoint"), new DisclosurePlace("WH-GX", "高新倉", "Gaoxin warehouse"),
            "高新區商會", "外箱受潮\n", "SH-2026-000001", null, At, At.AddHours(1));

        var json = Encoding.UTF8.GetString(entry.Leaf);

        Assert.Equal(
            """{"index":3,"kind":"Return","item":{"code":"MSK-N95","nameZhHant":"N95口罩","nameZhHans":"N95口罩","nameEn":"N95 respirator"},"quantity":20,"unit":"只","lot":"L\"1","from":{"code":"CP-HEPING","name":"和平檢查站","nameEn":"Heping checkpoint"},"to":{"code":"WH-GX","name":"高新倉","nameEn":"Gaoxin warehouse"},"donor":"高新區商會","reason":"外箱受潮\n","reference":"SH-2026-000001","corrects":null,"occurredAt":"2026-03-01T08:00:00.123Z","publishedAt":"2026-03-01T09:00:00.123Z"}""",
            json);
        Assert.Equal("外箱受潮\n", JsonDocument.Parse(entry.Leaf).RootElement.GetProperty("reason").GetString());
        Assert.Equal(Rfc6962.LeafHash(entry.Leaf), entry.LeafHash);
    }

    [Fact]
    public void Individuals_are_never_named_and_organisations_only_when_they_did_not_ask_for_anonymity()
    {
        var individual = new Donor("陳志明", DonorKind.Individual, null, null, null, null, isAnonymous: false);
        var named = new Donor("高新區商會", DonorKind.Organisation, null, null, null, null, isAnonymous: false);
        var anonymous = new Donor("某公司", DonorKind.Organisation, null, null, null, null, isAnonymous: true);

        Assert.Equal("個人捐贈者 Individual donor", Entry.DonorDisplayName(individual));
        Assert.Equal("高新區商會", Entry.DonorDisplayName(named));
        Assert.Equal("匿名捐贈者 Anonymous donor", Entry.DonorDisplayName(anonymous));
    }

    [Fact]
    public void A_correction_must_name_an_earlier_entry()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new Entry(2, DisclosureKind.Correction, null, null, null, null, null, null, null, null, 2, At, At));
    }
}
