using SupplyTracker.Domain;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;

using SupplyTracker.Tests.Infrastructure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Api;

/// <summary><see cref="TestApp"/> with the seed, a way to make a command fail with a 500, and a long token lifetime.</summary>
public sealed class IdempotencyApp : TestApp
{
    public const string FailHeader = "X-Test-Fail";

    public IdempotencyApp() : this(retention: null) { }

    /// <summary>An app whose <c>Api:IdempotencyRetention</c> is <paramref name="retention"/>.</summary>
    public static IdempotencyApp WithRetention(string retention) => new(retention);

    private IdempotencyApp(string? retention) : base(new TestAppOptions
    {
        Purpose = "idempotency",
        QuietLogs = false,
        Settings = new Dictionary<string, string?>
        {
            ["Api:IdempotencyRetention"] = retention,
            // The retention tests move the clock by a day; the caller's token must outlive that.
            ["Auth:TokenLifetime"] = "7.00:00:00",
        }.Where(s => s.Value is not null).ToDictionary(),
        Services = services => services.AddScoped<ICurrentUser, FailOnDemandUser>(),
    })
    {
    }

    /// <summary>The name of the signed-in caller that <see cref="CreateClient()"/> uses (keys are scoped per caller).</summary>
    public string CallerName => _caller ??= this.CreateUserAsync(Roles.Logistics).GetAwaiter().GetResult().UserName;

    private string? _caller;

    public new HttpClient CreateClient() => this.CreateClientWithToken(this.IssueTokenAsync(CallerName).GetAwaiter().GetResult());

    public async Task<T> InDatabase<T>(Func<SupplyTrackerDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>());
    }

    /// <summary>A donation of surgical masks from the first seeded donor (unless told) to the warehouse, told apart by its note.</summary>
    public async Task<string> DonationJson(string note, int quantity = 100, int? donorId = null)
    {
        var (firstDonorId, locationId, itemId) = await InDatabase(async db => (
            await db.Donors.OrderBy(d => d.Id).Select(d => d.Id).FirstAsync(),
            await db.Locations.Where(l => l.Code == "WH-GX").Select(l => l.Id).SingleAsync(),
            await db.Items.Where(i => i.Code == "MSK-SURG").Select(i => i.Id).SingleAsync()));
        return $$"""{"donorId":{{donorId ?? firstDonorId}},"receivingLocationId":{{locationId}},"receivedOn":"2020-02-01","note":"{{note}}","lines":[{"itemId":{{itemId}},"quantity":{{quantity}}}]}""";
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json, string? key, bool fail = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.TryAddWithoutValidation(IdempotencyMiddleware.HeaderName, key);
        if (fail) request.Headers.Add(FailHeader, "true");
        return client.SendAsync(request);
    }

    /// <summary>Throws while the current request carries <see cref="FailHeader"/>, the way an unexpected fault would.</summary>
    private sealed class FailOnDemandUser(IHttpContextAccessor accessor) : ICurrentUser
    {
        public string Name => accessor.HttpContext is null ? "system"
            : accessor.HttpContext.Request.Headers.ContainsKey(FailHeader) ? throw new InvalidOperationException("Simulated server fault.")
            : "anonymous";
    }
}
