using Mediator;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Stock;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Stock;

/// <summary>What the inspector types when holding a line is kept on the line (not in the public ledger) and shown with the stock held.</summary>
[Trait("Database", "true")]
public sealed class QuarantineNoteTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    [Fact]
    public async Task The_free_text_reason_typed_at_inspection_is_stored_and_listed_with_the_quarantined_stock_while_a_coded_reason_stays_a_code()
    {
        var warehouse = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        var donation = await app.RecordAsync(warehouse,
            new RecordDonation.Line(item.Id, 10, "LOT-WET", null, null), new RecordDonation.Line(item.Id, 20, "LOT-FAKE", null, null));

        await app.SendAsync(new InspectDonation(donation.DonationId, [
            new InspectDonation.Decision(donation.LineIds[0], LineDecision.Quarantine, "外箱受潮，待複驗"),
            new InspectDonation.Decision(donation.LineIds[1], LineDecision.Quarantine, nameof(QuarantineReason.SuspectedCounterfeit)),
        ]));

        var held = await app.InScopeAsync(s => s.GetRequiredService<IMediator>().Send(new ListQuarantinedStock(warehouse.Id)).AsTask());
        var wet = Assert.Single(held, h => h.LotNumber == "LOT-WET");
        Assert.Equal("外箱受潮，待複驗", wet.Note);
        Assert.Equal(nameof(QuarantineReason.Inspection), wet.Reason);
        var fake = Assert.Single(held, h => h.LotNumber == "LOT-FAKE");
        Assert.Null(fake.Note);
        Assert.Equal(nameof(QuarantineReason.SuspectedCounterfeit), fake.Reason);
        Assert.DoesNotContain(await app.QueryAsync(db => Task.FromResult(db.StockMovements.Select(m => m.ReasonCode).ToList())), r => r == "外箱受潮，待複驗");
    }
}
