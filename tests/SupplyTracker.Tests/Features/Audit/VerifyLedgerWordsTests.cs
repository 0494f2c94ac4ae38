using System.Globalization;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Features.Audit;
using SupplyTracker.Features.Donations;
using SupplyTracker.Infrastructure.Localization;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Audit;

/// <summary>The ledger check names what broke as a code with arguments, so the auditor's page says it in their language.</summary>
[Trait("Database", "true")]
public sealed class VerifyLedgerWordsTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    [Fact]
    public async Task A_balance_that_disagrees_with_its_movements_is_reported_in_each_language_naming_the_lot_and_the_place()
    {
        var warehouse = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        var donation = await app.RecordAsync(warehouse, new RecordDonation.Line(item.Id, 10, "LOT-WORDS", null, null));
        await app.SendAsync(new InspectDonation(donation.DonationId, [new InspectDonation.Decision(donation.LineIds[0], LineDecision.Accept, null)]));
        await app.ExecuteSqlAsync("UPDATE \"StockBalances\" SET \"QuantityOnHand\" = \"QuantityOnHand\" + 1 WHERE \"LocationId\" = {0}", warehouse.Id);

        var result = await app.InScopeAsync(s => s.GetRequiredService<IMediator>().Send(new VerifyLedger()).AsTask());

        Assert.False(result.Ok);
        var cause = Assert.IsType<CodedError>(result.Cause);
        Assert.Same(ErrorCodes.LedgerBalanceMismatch, cause.Code);
        var zhHant = cause.Message(CultureInfo.GetCultureInfo("zh-Hant"));
        Assert.Contains("結餘", zhHant, StringComparison.Ordinal);
        Assert.Contains("LOT-WORDS", zhHant, StringComparison.Ordinal);
        Assert.Contains($"#{warehouse.Id}", zhHant, StringComparison.Ordinal);
        Assert.Contains("结余", cause.Message(CultureInfo.GetCultureInfo("zh-Hans")), StringComparison.Ordinal);
        Assert.Contains("The balance of lot LOT-WORDS", cause.Message(CultureInfo.GetCultureInfo("en")), StringComparison.Ordinal);
        Assert.Contains("movements are missing or the balance was edited", result.Problem, StringComparison.Ordinal);
    }
}
