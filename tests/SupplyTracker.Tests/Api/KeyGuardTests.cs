using SupplyTracker.Api;

namespace SupplyTracker.Tests.Api;

public sealed class KeyGuardTests
{
    [Theory]
    [InlineData("Items(1,2)", true)]
    [InlineData("Donations(1,2,3)", true)]
    [InlineData("Items(1)", false)]
    [InlineData("Items", false)]
    [InlineData("DonorReceipts('ST-1,2')", false)]
    [InlineData("DonorReceipts('it''s,1')", false)]
    [InlineData("ExpiringWithin(days=30)", false)]
    [InlineData("Pairs(a=1,b=2)", false)]
    [InlineData("DaysOfCover()", false)]
    [InlineData("Items('a',2)", true)]
    public void A_comma_outside_quotes_without_a_name_is_several_key_values(string segment, bool refused) =>
        Assert.Equal(refused, KeyGuardMiddleware.HasUnnamedValues(segment));
}
