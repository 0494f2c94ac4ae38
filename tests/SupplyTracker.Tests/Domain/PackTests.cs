using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Domain;

public sealed class PackTests
{
    private static Item Masks()
    {
        var item = new Item("MSK-T", "口罩", "口罩", "Mask", ItemCategory.Mask, "只", 50, null, false, 0);
        item.SetGtins(["2020011000019"]);
        item.SetPacks([new PackSpec(null, "盒", "盒", "box", 20, "12020011000016"), new PackSpec(null, "箱", "箱", "carton", 50)]);
        return item;
    }

    [Fact]
    public void Twenty_cartons_of_fifty_are_one_thousand_base_units_exactly()
    {
        Assert.Equal(1_000, Masks().Packs.Single(p => p.NameEn == "carton").ToBaseUnits(20));
    }

    [Theory]
    [InlineData("0", "greater than 0")]
    [InlineData("-3", "greater than 0")]
    [InlineData("1.5", "whole number")]
    [InlineData("20000001", "more than 1,000,000,000")]
    [InlineData("79228162514264337593543950335", "more than 1,000,000,000")]
    public void Refuses_a_pack_count_that_is_not_a_whole_number_or_too_large(string count, string says)
    {
        var carton = Masks().Packs.Single(p => p.NameEn == "carton");

        var error = Assert.Throws<DomainValidationException>(() => carton.ToBaseUnits(decimal.Parse(count, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal("packCount", error.Field);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gtins_are_kept_as_14_digits()
    {
        var item = Masks();

        Assert.Equal(["02020011000019"], item.Gtins.Select(g => g.Gtin));
        Assert.Equal("12020011000016", item.Packs[0].Gtin);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1_000_001L)]
    public void A_pack_holds_at_least_one_base_unit(long quantity)
    {
        var error = Assert.Throws<DomainValidationException>(() => Masks().SetPacks([new PackSpec(null, "盒", "盒", "box", quantity)]));

        Assert.Equal("packs.quantity", error.Field);
    }

    [Fact]
    public void A_gtin_names_one_thing_within_an_item()
    {
        var item = Masks();

        Assert.Contains("twice", Assert.Throws<DomainValidationException>(() => item.SetGtins(["2020011000019", "02020011000019"])).Message);
        Assert.Contains("its pack box", Assert.Throws<DomainValidationException>(() => item.SetGtins(["12020011000016"])).Message);
        Assert.Equal(["02020011000019"], item.Gtins.Select(g => g.Gtin));
        Assert.Contains("cannot be both", Assert.Throws<DomainValidationException>(() =>
            Masks().SetPacks([new PackSpec(null, "盒", "盒", "box", 20, "2020011000019")])).Message);
        Assert.Equal("gtins", Assert.Throws<DomainValidationException>(() => item.SetGtins(["2020011000011"])).Field);
    }
}
