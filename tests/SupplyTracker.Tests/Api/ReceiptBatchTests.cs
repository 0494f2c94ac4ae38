using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Features.Receipts;
using SupplyTracker.Tests.Infrastructure;

namespace SupplyTracker.Tests.Api;

[Trait("Database", "true")]
public sealed class ReceiptBatchTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Receipts_for_a_date_range_are_issued_in_the_background_and_downloaded_as_one_zip()
    {
        var logistics = await factory.CreateClientAsAsync(Roles.Logistics);
        using var started = await logistics.PostAsJsonAsync("/jobs/receipts", new { from = "2020-01-01", to = "2020-12-31" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = Guid.Parse((await started.JsonAsync()).GetProperty("id").GetString()!);
        Assert.Equal($"/jobs/receipts/{id}", started.Headers.Location?.ToString());

        await factory.Services.GetRequiredService<ReceiptBatches>().Find(id)!.Completion.WaitAsync(TimeSpan.FromMinutes(2));

        var status = await logistics.GetJsonAsync($"/jobs/receipts/{id}");
        Assert.Equal("Done", status.GetProperty("status").GetString());
        // Six seeded donations; the one with a line still in quarantine cannot be receipted yet and is not picked.
        Assert.Equal(5, status.GetProperty("total").GetInt32());
        Assert.Equal(5, status.GetProperty("issued").GetInt32());
        var numbers = status.GetProperty("numbers").EnumerateArray().Select(n => n.GetString()).ToList();

        using var zip = await logistics.GetAsync($"/jobs/receipts/{id}/zip");
        Assert.Equal("application/zip", zip.Content.Headers.ContentType?.MediaType);
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync());
        Assert.Equal(5, archive.Entries.Count);
        Assert.All(archive.Entries, e => Assert.EndsWith(".pdf", e.Name, StringComparison.Ordinal));
        Assert.All(numbers, n => Assert.Contains(archive.Entries, e => e.Name.Contains(n!, StringComparison.Ordinal)));

        using var again = await logistics.PostAsJsonAsync("/jobs/receipts", new { from = "2020-01-01", to = "2020-12-31" });
        var second = Guid.Parse((await again.JsonAsync()).GetProperty("id").GetString()!);
        await factory.Services.GetRequiredService<ReceiptBatches>().Find(second)!.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(0, (await logistics.GetJsonAsync($"/jobs/receipts/{second}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Batches_are_for_the_warehouse_and_check_their_range()
    {
        var station = await factory.CreateClientAsAsync(Roles.Station, "CP-HEPING");
        using var forbidden = await station.PostAsJsonAsync("/jobs/receipts", new { from = "2020-01-01", to = "2020-12-31" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var backwards = await factory.AdminClient.PostAsJsonAsync("/jobs/receipts", new { from = "2020-12-31", to = "2020-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal("application/problem+json", backwards.Content.Headers.ContentType?.MediaType);
    }
}
