using System.Globalization;
using System.Security.Claims;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Receipts;
using SupplyTracker.Features.Requests;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Architecture;

/// <summary>A Station user naming another location's donation or request by id is told it does not exist, and nothing is written.</summary>
[Trait("Database", "true")]
public sealed class StationScopeCommandTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private async Task<T> AsStationAsync<T>(Location station, IMessage message)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Set(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "station-user"), new Claim(ClaimTypes.Role, Roles.Station),
             new Claim(SupplyTrackerClaims.LocationId, station.Id.ToString(CultureInfo.InvariantCulture))], "test")), CultureInfo.InvariantCulture);
        return (T)(await scope.ServiceProvider.GetRequiredService<IMediator>().Send((object)message))!;
    }

    public static TheoryData<string> Commands() => ["inspect", "release", "issue receipt", "submit", "approve", "reject", "cancel", "dispatch", "close"];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_station_user_of_another_location_gets_not_found_and_nothing_is_written(string command)
    {
        var warehouse = await app.CreateLocationAsync();
        var own = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var other = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var masks = await app.CreateItemAsync();
        var donation = await app.RecordAsync(other, new RecordDonation.Line(masks.Id, 10, null, null, null));
        var requestId = await app.SendAsync(new CreateRequest(other.Id, warehouse.Id, RequestPriority.Normal, null, SupplyTrackerApp.Today.AddDays(3),
            [new CreateRequest.Line(masks.Id, 5)]));
        IMessage message = command switch
        {
            "inspect" => new InspectDonation(donation.DonationId, [new InspectDonation.Decision(donation.LineIds[0], LineDecision.Accept, null)]),
            "release" => new ReleaseFromQuarantine(donation.DonationId, [new ReleaseFromQuarantine.Decision(donation.LineIds[0], QuarantineOutcome.Release, null)]),
            "issue receipt" => new IssueReceipt(donation.DonationId),
            "submit" => new SubmitRequest(requestId, null),
            "approve" => new ApproveRequest(requestId, null, [new ApproveRequest.Line(1, 1)]),
            "reject" => new RejectRequest(requestId, null, "no"),
            "cancel" => new CancelRequest(requestId, null, "no"),
            "dispatch" => new DispatchRequest(requestId, null),
            "close" => new CloseRequest(requestId, null),
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        };

        var before = await app.SnapshotAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => AsStationAsync<object>(own, message));

        Assert.True(error is NotFoundException or ForbiddenException, error.ToString());
        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Fact]
    public async Task A_station_user_of_another_location_does_not_see_its_donation()
    {
        var own = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var other = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var masks = await app.CreateItemAsync();
        var donation = await app.RecordAsync(other, new RecordDonation.Line(masks.Id, 10, null, null, null));

        Assert.Null(await AsStationAsync<DonationDetails?>(own, new GetDonationDetails(donation.DonationId)));
    }
}
