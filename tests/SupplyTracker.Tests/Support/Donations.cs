using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;

namespace SupplyTracker.Tests.Support;

public static class Donations
{
    public static async Task<DonationRecorded> RecordAsync(this SupplyTrackerApp app, Location location, params RecordDonation.Line[] lines)
    {
        var donor = await app.CreateDonorAsync();
        return await app.SendAsync(new RecordDonation(donor.Id, location.Id, SupplyTrackerApp.Today, null, lines));
    }
}
