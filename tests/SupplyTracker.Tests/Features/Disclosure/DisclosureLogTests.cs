using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Audit;
using SupplyTracker.Features.Disclosure;
using SupplyTracker.Features.Stock;
using SupplyTracker.Tests.Api;
using SupplyTracker.Tests.Infrastructure;

namespace SupplyTracker.Tests.Features.Disclosure;

/// <summary>The feed and the log over HTTP, on the seeded app, checked as an outsider would with <see cref="Rfc6962"/>.</summary>
public sealed class DisclosureLogTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.AdminClient;
    private readonly HttpClient _public = factory.CreateClient();

    [Fact]
    public async Task A_real_workflow_publishes_every_intake_hop_return_and_correction_once()
    {
        var lot = $"DL{Guid.NewGuid():N}"[..14];
        var warehouse = await IdOf("Locations", "code eq 'WH-GX'");
        var heping = await IdOf("Locations", "code eq 'CP-HEPING'");
        var masks = await IdOf("Items", "code eq 'MSK-SURG'");
        var gloves = await IdOf("Items", "code eq 'GLV-NITRILE'");

        var donation = (await Ok(await _admin.PostAsJsonAsync("/odata/Donations", new
        {
            donorId = await IdOf("Donors", "name eq '高新區商會'"), receivingLocationId = warehouse, receivedOn = DateOnly.FromDateTime(DateTime.UtcNow),
            lines = new object[] { new { itemId = masks, quantity = 300, lotNumber = lot }, new { itemId = gloves, quantity = 40, lotNumber = lot } },
        }))).GetProperty("id").GetInt32();
        var lines = (await _admin.GetJsonAsync($"/odata/Donations({donation})/lines")).Values();
        await Ok(await _admin.PostAsJsonAsync($"/odata/Donations({donation})/Inspect", new
        {
            decisions = new object[]
            {
                new { lineId = lines[0].GetProperty("id").GetInt32(), outcome = "Accept" },
                new { lineId = lines[1].GetProperty("id").GetInt32(), outcome = "Reject", reason = "包裝破損" },
            },
        }));
        var transfer = await Ok(await _admin.PostAsJsonAsync("/odata/Transfers",
            new { fromLocationId = warehouse, toLocationId = heping, itemId = masks, lotNumber = lot, quantity = 30 }));
        var (shipmentNumber, returned) = await ShipWithARejectionAsync(heping, gloves);
        var receipt = (await Ok(await _admin.PostAsJsonAsync($"/odata/Donations({donation})/IssueReceipt", new { }))).GetProperty("number").GetString()!;
        await Ok(await _admin.PostAsJsonAsync($"/odata/DonorReceipts('{receipt}')/Void", new { reason = "捐贈方名稱有誤" }));
        var reversed = await ReverseTransferInAsync(transfer.GetProperty("id").GetInt32());

        var lagBefore = await SendAsync(new GetPublicationLag());
        var published = await SendAsync(new PublishDisclosures());
        var entries = await AllEntriesAsync();

        Assert.True(lagBefore.Pending >= 8, $"{lagBefore.Pending} pending");
        Assert.Equal(0, (await SendAsync(new GetPublicationLag())).Pending);
        Assert.True(published.Signed);
        var reference = $"donation:{donation}";
        var accepted = Single(entries, "IntakeAccepted", e => Str(e, "reference") == reference);
        Assert.Equal(300, accepted.GetProperty("quantity").GetInt64());
        Assert.Equal(lot, Str(accepted, "lot"));
        Assert.Equal("MSK-SURG", accepted.GetProperty("item").GetProperty("code").GetString());
        Assert.Equal("WH-GX", accepted.GetProperty("to").GetProperty("code").GetString());
        Assert.Equal("高新區商會", Str(accepted, "donor"));
        var rejected = Single(entries, "IntakeRejected", e => Str(e, "reference") == reference);
        Assert.Equal(("包裝破損", 40L), (Str(rejected, "reason"), rejected.GetProperty("quantity").GetInt64()));
        var transferred = Single(entries, "Transfer", e => Str(e, "lot") == lot);
        Assert.Equal(("WH-GX", "CP-HEPING", 30L), (transferred.GetProperty("from").GetProperty("code").GetString(),
            transferred.GetProperty("to").GetProperty("code").GetString(), transferred.GetProperty("quantity").GetInt64()));
        Assert.Equal("高新區商會", Str(transferred, "donor"));
        Assert.Contains(entries, e => Str(e, "kind") == "Dispatch" && Str(e, "reference") == shipmentNumber);
        Assert.Contains(entries, e => Str(e, "kind") == "Delivery" && Str(e, "reference") == shipmentNumber);
        var back = Single(entries, "Return", e => Str(e, "reference") == shipmentNumber);
        Assert.Equal((returned, "外箱受潮", "CP-HEPING", "WH-GX"), (back.GetProperty("quantity").GetInt64(), Str(back, "reason"),
            back.GetProperty("from").GetProperty("code").GetString(), back.GetProperty("to").GetProperty("code").GetString()));
        var voided = Single(entries, "ReceiptVoided", e => Str(e, "reference") == receipt);
        Assert.Equal(Math.Min(Index(accepted), Index(rejected)), voided.GetProperty("corrects").GetInt64());
        Assert.DoesNotContain(entries, e => Str(e, "reason")?.Contains("捐贈方名稱有誤", StringComparison.Ordinal) == true);
        var correction = Single(entries, "Correction", e => Str(e, "lot") == lot);
        Assert.Equal(Index(transferred), correction.GetProperty("corrects").GetInt64());
        Assert.Equal(reversed, correction.GetProperty("quantity").GetInt64());
        Assert.All(entries, e => Assert.True(Index(e) >= 0));
        Assert.Equal(Enumerable.Range(0, entries.Count).Select(i => (long)i), entries.Select(Index));

        var again = await SendAsync(new PublishDisclosures());
        Assert.Equal((0, published.TreeSize, false), (again.Published, again.TreeSize, again.Signed));
        Assert.Equal(entries.Count, (await AllEntriesAsync()).Count);
        var verification = await _admin.GetFromJsonAsync<LedgerVerification>("/audit/verify-ledger");
        Assert.True(verification!.Ok, verification.Summary);
        Assert.Equal(entries.Count, verification.LogEntriesChecked);
    }

    [Fact]
    public async Task The_signed_tree_head_verifies_with_the_published_key_and_its_root_is_the_tree_of_the_entries()
    {
        await SendAsync(new PublishDisclosures());
        var pem = await _public.GetStringAsync("/public/log/key");
        var sth = await _public.GetJsonAsync("/public/log/sth");
        var size = sth.GetProperty("treeSize").GetInt64();
        var root = sth.GetProperty("rootHash").GetBytesFromBase64();

        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);
        Assert.True(key.VerifyData(Rfc6962.TreeHeadSignatureInput(sth.GetProperty("timestamp").GetInt64(), size, root),
            sth.GetProperty("signature").GetBytesFromBase64(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal(256, key.KeySize);

        var leaves = await LeavesAsync(size);
        Assert.True(size > 0);
        Assert.Equal(root, Rfc6962.TreeHash([.. leaves.Select(Rfc6962.LeafHash)]));
    }

    [Fact]
    public async Task Inclusion_and_consistency_proofs_from_the_endpoints_verify_independently()
    {
        await SendAsync(new PublishDisclosures());
        var sth = await _public.GetJsonAsync("/public/log/sth");
        var size = sth.GetProperty("treeSize").GetInt64();
        var root = sth.GetProperty("rootHash").GetBytesFromBase64();
        var leafHashes = (await LeavesAsync(size)).Select(Rfc6962.LeafHash).ToList();

        foreach (var index in new[] { 0, 1, size / 3, size / 2, size - 2, size - 1 }.Where(i => i >= 0).Distinct())
        {
            var proof = await _public.GetJsonAsync($"/public/log/proof?index={index}&size={size}");
            Assert.Equal((index, size), (proof.GetProperty("leafIndex").GetInt64(), proof.GetProperty("treeSize").GetInt64()));
            var path = proof.GetProperty("auditPath").EnumerateArray().Select(p => p.GetBytesFromBase64()).ToList();
            Assert.True(Rfc6962.VerifyInclusion(index, size, leafHashes[(int)index], path, root), $"leaf {index}");
        }
        foreach (var first in new[] { 1, 2, 3, size / 2, size - 1, size }.Where(f => f >= 1).Distinct())
        {
            var proof = await _public.GetJsonAsync($"/public/log/consistency?first={first}&second={size}");
            var path = proof.GetProperty("consistency").EnumerateArray().Select(p => p.GetBytesFromBase64()).ToList();
            Assert.True(Rfc6962.VerifyConsistency(first, size, Rfc6962.TreeHash(leafHashes[..(int)first]), root, path), $"{first} → {size}");
        }
    }

    [Fact]
    public async Task An_individual_donor_is_never_named_in_the_feed_the_log_or_the_csv()
    {
        var chen = await IdOf("Donors", "name eq '陳志明'");
        var donation = (await Ok(await _admin.PostAsJsonAsync("/odata/Donations", new
        {
            donorId = chen, receivingLocationId = await IdOf("Locations", "code eq 'WH-GX'"), receivedOn = DateOnly.FromDateTime(DateTime.UtcNow),
            lines = new[] { new { itemId = await IdOf("Items", "code eq 'MSK-SURG'"), quantity = 12, lotNumber = "CHEN-1" } },
        }))).GetProperty("id").GetInt32();
        var line = (await _admin.GetJsonAsync($"/odata/Donations({donation})/lines")).Values().Single().GetProperty("id").GetInt32();
        await Ok(await _admin.PostAsJsonAsync($"/odata/Donations({donation})/Inspect", new { decisions = new[] { new { lineId = line, outcome = "Accept" } } }));
        await SendAsync(new PublishDisclosures());
        var size = (await _public.GetJsonAsync("/public/log/sth")).GetProperty("treeSize").GetInt64();

        var outputs = new List<string>();
        for (long? after = null; ;)
        {
            var page = await _public.GetStringAsync(after is null ? "/public/disclosures" : $"/public/disclosures?after={after}");
            outputs.Add(page);
            var next = JsonDocument.Parse(page).RootElement.GetProperty("next");
            if (next.ValueKind == JsonValueKind.Null) break;
            after = next.GetInt64();
        }
        for (long start = 0; start < size; start += 1000)
        {
            var page = await _public.GetStringAsync($"/public/log/entries?start={start}&end={start + 999}");
            outputs.Add(page);
            outputs.AddRange(JsonDocument.Parse(page).RootElement.GetProperty("entries").EnumerateArray()
                .Select(e => Encoding.UTF8.GetString(e.GetProperty("leaf").GetBytesFromBase64())));
        }
        outputs.Add(Encoding.UTF8.GetString(await _public.GetByteArrayAsync("/public/disclosures.csv")));
        outputs.Add(await _public.GetStringAsync("/public/log/sth"));

        Assert.All(outputs, output => Assert.DoesNotContain("陳志明", output, StringComparison.Ordinal));
        var entry = (await AllEntriesAsync()).Single(e => Str(e, "reference") == $"donation:{donation}");
        Assert.Equal("個人捐贈者 Individual donor", Str(entry, "donor"));
        Assert.Contains(await AllEntriesAsync(), e => Str(e, "donor") == "高新區商會");
    }

    [Fact]
    public async Task A_page_is_answered_304_when_its_etag_still_matches_and_the_csv_opens_in_excel()
    {
        await SendAsync(new PublishDisclosures());
        using var first = await _public.GetAsync("/public/disclosures?after=0");
        var etag = first.Headers.ETag!.ToString();
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/public/disclosures?after=0");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var notModified = await _public.SendAsync(conditional);
        var csv = await _public.GetByteArrayAsync("/public/disclosures.csv");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        var text = Encoding.UTF8.GetString(csv[3..]);
        Assert.StartsWith("index,kind,item_code,", text, StringComparison.Ordinal);
        Assert.Contains("口罩", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/public/disclosures?after=99999999", "after")]
    [InlineData("/public/disclosures?after=-1", "after")]
    [InlineData("/public/disclosures?after=abc", "after")]
    [InlineData("/public/log/entries?start=99999999&end=99999999", "start")]
    [InlineData("/public/log/entries?start=5&end=2", "end")]
    [InlineData("/public/log/entries?end=2", "start")]
    [InlineData("/public/log/proof?index=0&size=99999999", "size")]
    [InlineData("/public/log/proof?index=3&size=3", "index")]
    [InlineData("/public/log/proof?index=-1&size=3", "index")]
    [InlineData("/public/log/consistency?first=0&second=2", "first")]
    [InlineData("/public/log/consistency?first=3&second=2", "first")]
    [InlineData("/public/log/consistency?first=1&second=99999999", "second")]
    public async Task Out_of_range_cursors_indexes_and_sizes_are_400_naming_the_parameter(string url, string parameter)
    {
        await SendAsync(new PublishDisclosures());
        var before = await SizeAsync();

        using var response = await _public.GetAsync(url);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
        Assert.Equal(before, await SizeAsync());
    }

    [Fact]
    public async Task The_public_endpoints_are_rate_limited_per_client()
    {
        // The fixture disposes the factories derived from it.
        var limited = factory.WithWebHostBuilder(b => b.UseSetting("Disclosure:RateLimitPermits", "2"));
        var client = limited.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("/public/log/sth");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Published_entries_cannot_be_changed_through_the_application_or_the_database()
    {
        await SendAsync(new PublishDisclosures());
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var entry = await db.Disclosures.OrderBy(d => d.Index).FirstAsync();
        db.Remove(entry);

        Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlRawAsync("UPDATE \"Disclosures\" SET \"Quantity\" = 1 WHERE \"Index\" = 0"));
        Assert.Contains(AppendOnlyLedgerSql.DisclosureMessage, error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"DisclosureTreeHeads\""));
    }

    private async Task<(string Number, long Returned)> ShipWithARejectionAsync(int station, int item)
    {
        var request = (await Ok(await _admin.PostAsJsonAsync("/odata/AllocationRequests", new
        {
            requestingLocationId = station, priority = "Urgent", justification = "測試", neededBy = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7),
            lines = new[] { new { itemId = item, quantityRequested = 20 } },
        }))).GetProperty("id").GetInt32();
        await Ok(await _admin.PostAsync($"/odata/AllocationRequests({request})/Submit", null));
        var line = (await _admin.GetJsonAsync($"/odata/AllocationRequests({request})/lines")).Values().Single().GetProperty("id").GetInt32();
        await Ok(await _admin.PostAsJsonAsync($"/odata/AllocationRequests({request})/Approve", new { lines = new[] { new { lineId = line, quantityApproved = 20 } } }));
        await Ok(await _admin.PostAsync($"/odata/AllocationRequests({request})/Allocate", null));
        var shipment = await Ok(await _admin.PostAsync($"/odata/AllocationRequests({request})/Dispatch", null));
        var shipmentId = shipment.GetProperty("id").GetInt32();
        var shipmentLines = (await _admin.GetJsonAsync($"/odata/Shipments({shipmentId})/lines")).Values();
        var confirmation = shipmentLines.Select((l, i) => new
        {
            lineId = l.GetProperty("id").GetInt32(),
            quantityAccepted = l.GetProperty("quantity").GetInt64() - (i == 0 ? 5 : 0),
            quantityRejected = i == 0 ? 5 : 0,
            reason = i == 0 ? "外箱受潮" : null,
        }).ToArray();
        await Ok(await _admin.PostAsJsonAsync($"/odata/Shipments({shipmentId})/ConfirmDelivery", new { lines = confirmation }));
        return (shipment.GetProperty("number").GetString()!, 5);
    }

    /// <summary>No command posts a reversal yet; this posts one through the real ledger, as a correction command will.</summary>
    private async Task<long> ReverseTransferInAsync(int transferId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var ledger = scope.ServiceProvider.GetRequiredService<StockLedger>();
        await using var transaction = await db.Database.BeginWriteTransactionAsync(CancellationToken.None);
        var arrived = await db.StockMovements.Include(m => m.Lot)
            .SingleAsync(m => m.ReferenceType == MovementReference.Transfer && m.ReferenceId == transferId && m.Kind == MovementKind.TransferIn);
        await ledger.PostAsync(arrived.LocationId, arrived.Lot, -arrived.Quantity, StockStatus.Usable, MovementKind.Reversal,
            MovementReference.StockMovement, arrived.Id, arrived.Kind.ToString(), CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return arrived.Quantity;
    }

    private async Task<DisclosuresPublished> SendAsync(PublishDisclosures command)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    private async Task<PublicationLag> SendAsync(GetPublicationLag query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    private async Task<long> SizeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>().Disclosures.LongCountAsync();
    }

    private async Task<List<JsonElement>> AllEntriesAsync()
    {
        var entries = new List<JsonElement>();
        for (long? after = null; ;)
        {
            var page = await _public.GetJsonAsync(after is null ? "/public/disclosures" : $"/public/disclosures?after={after}");
            entries.AddRange(page.GetProperty("entries").EnumerateArray());
            if (page.GetProperty("next").ValueKind == JsonValueKind.Null) return entries;
            after = page.GetProperty("next").GetInt64();
        }
    }

    private async Task<List<byte[]>> LeavesAsync(long size)
    {
        var leaves = new List<byte[]>();
        for (long start = 0; start < size; start += 1000)
        {
            var page = await _public.GetJsonAsync($"/public/log/entries?start={start}&end={Math.Min(size, start + 1000) - 1}");
            foreach (var e in page.GetProperty("entries").EnumerateArray())
            {
                Assert.Equal(leaves.Count, e.GetProperty("index").GetInt64());
                var leaf = e.GetProperty("leaf").GetBytesFromBase64();
                Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(leaf).RootElement), JsonSerializer.Serialize(e.GetProperty("entry")));
                leaves.Add(leaf);
            }
        }
        Assert.Equal(size, leaves.Count);
        return leaves;
    }

    private static JsonElement Single(List<JsonElement> entries, string kind, Func<JsonElement, bool> match) =>
        Assert.Single(entries, e => Str(e, "kind") == kind && match(e));

    private static string? Str(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

    private static long Index(JsonElement e) => e.GetProperty("index").GetInt64();

    private async Task<int> IdOf(string set, string filter) =>
        (await _admin.GetJsonAsync($"/odata/{set}?$filter={Uri.EscapeDataString(filter)}&$select=id")).Values().Single().GetProperty("id").GetInt32();

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
