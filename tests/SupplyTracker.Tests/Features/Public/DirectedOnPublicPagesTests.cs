using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Mail;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Public;

/// <summary>"Directed to …" (定向捐贈) on the public figures and in the where-it-went mail, from the read model.</summary>
[Trait("Database", "true")]
public sealed class DirectedOnPublicPagesTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    [Fact]
    public async Task The_transparency_figures_say_what_was_directed_to_a_station_and_how_much_of_it_reached_it()
    {
        var warehouse = await app.CreateLocationAsync();
        var station = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var masks = await app.CreateItemAsync();
        var donor = await app.CreateDonorAsync();
        var lot = $"D{Guid.NewGuid():N}"[..12];
        var recorded = await app.SendAsync(new RecordDonation(donor.Id, warehouse.Id, SupplyTrackerApp.Today, null,
            [new RecordDonation.Line(masks.Id, 100, lot, null, null, DirectedToLocationId: station.Id)]));
        await app.SendAsync(new InspectDonation(recorded.DonationId, [new InspectDonation.Decision(recorded.LineIds[0], LineDecision.Accept, null)]));
        // A directed lot is its own lot: the transfer names where it is directed.
        await app.SendAsync(new SupplyTracker.Features.Stock.TransferStock(warehouse.Id, station.Id, masks.Id, lot, 30, null, DirectedToLocationId: station.Id));

        var directed = Assert.Single((await app.TransparencyAsync()).Directed, d => d.Code == masks.Code);
        Assert.Equal((100L, 30L, 0L), (directed.Accepted, directed.DeliveredThere, directed.DeliveredElsewhere));
    }

    [Fact]
    public void The_where_it_went_mail_names_the_station_a_line_was_directed_to_and_links_the_statement()
    {
        var donor = new Donor("Fund", DonorKind.Organisation, null, null, "fund@example.org", null, isAnonymous: false, "en");
        var donation = new Donation(1, 1, SupplyTrackerApp.Today, null, "admin", SupplyTrackerApp.Now.UtcDateTime);
        var mail = WhereItWentMail.Compose(donor, donation, [], "https://example.org/public/statement/1?c=ABC",
            [new DirectedLine("口罩", "口罩", "Masks", "和平檢查站", "和平检查站", "Heping Checkpoint")]);

        Assert.Contains("Masks: directed to Heping Checkpoint", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://example.org/public/statement/1?c=ABC", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("id=\"statement-link\"", mail.HtmlBody, StringComparison.Ordinal);
    }
}
