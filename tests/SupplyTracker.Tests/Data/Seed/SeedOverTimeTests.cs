using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Data.Seed;

[Trait("Database", "true")]
public sealed class SeedOverTimeTests
{
    [Fact]
    public async Task Seed_still_loads_years_later_when_its_lots_have_expired()
    {
        using var database = TestDatabase.Create("later");
        await using var app = new TestApp(new TestAppOptions { Database = database, OwnsDatabase = false, Start = new DateTimeOffset(2035, 1, 1, 0, 0, 0, TimeSpan.Zero), QuietLogs = false });
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();

        Assert.Equal(6, await db.Donations.CountAsync());
        var expiredLines = await db.DonationLines.Where(l => l.ExpiresOn != null).ToListAsync();
        Assert.All(expiredLines, l => Assert.Contains(l.Disposition, new[] { LineDisposition.Rejected, LineDisposition.Quarantined }));
        Assert.False(await db.StockBalances.AnyAsync(b => b.Lot.ExpiresOn != null && b.QuantityQuarantined == 0 && b.QuantityOnHand > 0));
    }
}
