using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SupplyTracker.Tests.Api;

[Trait("Database", "true")]
public sealed partial class BatchTests(ApiFactory app) : IClassFixture<ApiFactory>
{
    private const string Lot = "YY20191203";
    private readonly HttpClient _client = app.AdminClient;

    public static TheoryData<BatchFormat> Formats => [BatchFormat.Json, BatchFormat.Multipart];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Change_set_whose_second_transfer_fails_leaves_no_trace_of_the_first(BatchFormat format)
    {
        var (warehouse, checkpoint, squad, mask) = await SeedIdsAsync();
        var before = await StockAsync(warehouse, checkpoint, squad, mask);

        var results = await SendAsync(format, preferContinueOnError: false,
            Group(Transfer(warehouse, checkpoint, mask, 10), Transfer(warehouse, squad, mask, before.Warehouse + 1_000_000)));

        var failed = Assert.Single(results);
        Assert.Equal(409, failed.Status);
        // Each operation's error is in the OData JSON error format, the field in target.
        Assert.Equal("quantity", failed.Body?["error"]?["target"]?.GetValue<string>());
        Assert.Equal(before, await StockAsync(warehouse, checkpoint, squad, mask));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Change_set_of_two_transfers_commits_both(BatchFormat format)
    {
        var (warehouse, checkpoint, squad, mask) = await SeedIdsAsync();
        var before = await StockAsync(warehouse, checkpoint, squad, mask);

        var results = await SendAsync(format, preferContinueOnError: false,
            Group(Transfer(warehouse, checkpoint, mask, 10), Transfer(warehouse, squad, mask, 5)));

        Assert.Equal([201, 201], results.Select(r => r.Status));
        Assert.Equal(before with
        {
            Movements = before.Movements + 4,
            Transfers = before.Transfers + 2,
            Warehouse = before.Warehouse - 15,
            Checkpoint = before.Checkpoint + 10,
            Squad = before.Squad + 5,
        }, await StockAsync(warehouse, checkpoint, squad, mask));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Concurrent_change_sets_each_commit_whole(BatchFormat format)
    {
        var (warehouse, checkpoint, squad, mask) = await SeedIdsAsync();
        var before = await StockAsync(warehouse, checkpoint, squad, mask);

        var batches = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SendAsync(format, preferContinueOnError: false,
            Group(Transfer(warehouse, checkpoint, mask, 2), Transfer(warehouse, squad, mask, 1)))));

        Assert.All(batches, results => Assert.Equal([201, 201], results.Select(r => r.Status)));
        Assert.Equal(before with
        {
            Movements = before.Movements + 20,
            Transfers = before.Transfers + 10,
            Warehouse = before.Warehouse - 15,
            Checkpoint = before.Checkpoint + 10,
            Squad = before.Squad + 5,
        }, await StockAsync(warehouse, checkpoint, squad, mask));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Get_in_a_batch_returns_data(BatchFormat format)
    {
        var results = await SendAsync(format, preferContinueOnError: false,
            Single(Operation.Get("Locations?$filter=code%20eq%20'WH-GX'&$select=id,code")));

        var result = Assert.Single(results);
        Assert.Equal(200, result.Status);
        Assert.Equal("WH-GX", result.Body?["value"]?[0]?["code"]?.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Reads_outside_change_sets_run_after_a_failed_change_set_when_the_client_prefers_continue_on_error(BatchFormat format)
    {
        var (warehouse, checkpoint, squad, mask) = await SeedIdsAsync();
        var before = await StockAsync(warehouse, checkpoint, squad, mask);

        var results = await SendAsync(format, preferContinueOnError: true,
            Single(Operation.Get("Items/$count")),
            Group(Transfer(warehouse, checkpoint, mask, 10), Transfer(warehouse, squad, mask, before.Warehouse + 1_000_000)),
            Single(Operation.Get($"StockBalances?$filter=locationId%20eq%20{warehouse}%20and%20itemId%20eq%20{mask}%20and%20lotNumber%20eq%20'{Lot}'")));

        Assert.Equal([200, 409, 200], results.Select(r => r.Status));
        Assert.Equal(before.Warehouse, results[2].Body?["value"]?[0]?["quantityOnHand"]?.GetValue<long>());
        Assert.Equal(before, await StockAsync(warehouse, checkpoint, squad, mask));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Batch_stops_at_a_failed_change_set_unless_the_client_prefers_continue_on_error(BatchFormat format)
    {
        var (warehouse, checkpoint, _, mask) = await SeedIdsAsync();

        var results = await SendAsync(format, preferContinueOnError: false,
            Group(Transfer(warehouse, checkpoint, mask, 1_000_000_000)),
            Single(Operation.Get("Items/$count")));

        Assert.Equal([409], results.Select(r => r.Status));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Batch_over_the_operation_quota_is_refused_with_problem_details(BatchFormat format)
    {
        var request = Build(format, false, Enumerable.Range(0, 101).Select(_ => Single(Operation.Get("Items/$count"))).ToArray());

        using var response = await _client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "100");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Change_set_over_the_operation_quota_is_refused_with_problem_details(BatchFormat format)
    {
        var (warehouse, checkpoint, _, mask) = await SeedIdsAsync();
        var movements = await CountAsync("StockMovements");
        var request = Build(format, false, Group(Enumerable.Range(0, 51).Select(_ => Transfer(warehouse, checkpoint, mask, 1)).ToArray()));

        using var response = await _client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "50");
        Assert.Equal(movements, await CountAsync("StockMovements"));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Batch_body_over_one_megabyte_is_refused_with_413(BatchFormat format)
    {
        var request = Build(format, false, Single(Operation.Post("Donors", new JsonObject { ["name"] = new string('x', 1_100_000), ["kind"] = "Individual" })));

        using var response = await _client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "1048576 bytes");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Request_body_nested_too_deeply_is_refused_with_problem_details(BatchFormat format)
    {
        JsonNode deep = new JsonObject { ["name"] = "x" };
        for (var i = 0; i < 20; i++) deep = new JsonObject { ["nested"] = deep };
        var request = Build(format, false, Single(Operation.Post("Donors", (JsonObject)deep)));

        using var response = await _client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "16 levels");
    }

    [Fact]
    public async Task Batch_in_an_unsupported_format_is_refused_with_problem_details()
    {
        using var response = await _client.PostAsync("/odata/$batch", new StringContent("GET Items", Encoding.UTF8, "text/plain"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "multipart/mixed");
    }

    [Fact]
    public async Task Requests_outside_a_batch_work_as_before()
    {
        using var response = await _client.GetAsync("/odata/Locations?$filter=code%20eq%20'WH-GX'");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("WH-GX", body?["value"]?[0]?["code"]?.GetValue<string>());
    }

    private static Operation Transfer(int from, int to, int item, long quantity) => Operation.Post("Transfers", new JsonObject
    {
        ["fromLocationId"] = from,
        ["toLocationId"] = to,
        ["itemId"] = item,
        ["lotNumber"] = Lot,
        ["quantity"] = quantity,
    });

    private static Operation[] Single(Operation operation) => [operation];

    private static Operation[] Group(params Operation[] operations) => operations.Select(o => o with { InGroup = true }).ToArray();

    private async Task<(int Warehouse, int Checkpoint, int Squad, int Mask)> SeedIdsAsync() =>
        (await IdAsync("Locations", "WH-GX"), await IdAsync("Locations", "CP-HEPING"), await IdAsync("Locations", "SQ-DINGYUAN"), await IdAsync("Items", "MSK-SURG"));

    private async Task<int> IdAsync(string set, string code)
    {
        var body = await GetJsonAsync($"/odata/{set}?$filter=code%20eq%20'{code}'&$select=id");
        return body["value"]![0]!["id"]!.GetValue<int>();
    }

    private async Task<Stock> StockAsync(int warehouse, int checkpoint, int squad, int mask) => new(
        await CountAsync("StockMovements"),
        await CountAsync("Transfers"),
        await OnHandAsync(warehouse, mask),
        await OnHandAsync(checkpoint, mask),
        await OnHandAsync(squad, mask));

    private async Task<long> OnHandAsync(int location, int item)
    {
        var body = await GetJsonAsync($"/odata/StockBalances?$filter=locationId%20eq%20{location}%20and%20itemId%20eq%20{item}%20and%20lotNumber%20eq%20'{Lot}'");
        return body["value"]!.AsArray().Sum(b => b!["quantityOnHand"]!.GetValue<long>());
    }

    private async Task<int> CountAsync(string set) => int.Parse(await _client.GetStringAsync($"/odata/{set}/$count"));

    private async Task<JsonNode> GetJsonAsync(string url) => JsonNode.Parse(await _client.GetStringAsync(url))!;

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains)
    {
        Assert.Equal(status, response.StatusCode);
        var problem = await response.ReadODataErrorAsync();
        Assert.Contains(detailContains, problem.Message, StringComparison.Ordinal);
        Assert.Equal("$batch", problem.Target);
    }

    private async Task<IReadOnlyList<OperationResult>> SendAsync(BatchFormat format, bool preferContinueOnError, params Operation[][] parts)
    {
        using var response = await _client.SendAsync(Build(format, preferContinueOnError, parts));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return format == BatchFormat.Json ? ParseJson(text) : ParseMultipart(text);
    }

    /// <summary>Each part is one operation alone or one change set (atomicity group) of several.</summary>
    private static HttpRequestMessage Build(BatchFormat format, bool preferContinueOnError, params Operation[][] parts)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/odata/$batch")
        {
            Content = format == BatchFormat.Json ? JsonBatch(parts) : MultipartBatch(parts),
        };
        // A JSON batch continues by default (4.01); these tests say what they want either way.
        request.Headers.TryAddWithoutValidation("Prefer", preferContinueOnError ? "continue-on-error" : "odata.continue-on-error=false");
        return request;
    }

    private static StringContent JsonBatch(Operation[][] parts)
    {
        var requests = new JsonArray();
        var id = 0;
        for (var p = 0; p < parts.Length; p++)
        {
            foreach (var operation in parts[p])
            {
                var request = new JsonObject { ["id"] = $"r{++id}", ["method"] = operation.Method, ["url"] = operation.Url };
                if (operation.InGroup) request["atomicityGroup"] = $"g{p}";
                if (operation.Body is not null)
                {
                    request["headers"] = new JsonObject { ["content-type"] = "application/json" };
                    request["body"] = operation.Body.DeepClone();
                }
                requests.Add(request);
            }
        }
        return new StringContent(new JsonObject { ["requests"] = requests }.ToJsonString(), Encoding.UTF8, "application/json");
    }

    private static StringContent MultipartBatch(Operation[][] parts)
    {
        var body = new StringBuilder();
        var id = 0;
        foreach (var part in parts)
        {
            body.Append("--batch\r\n");
            if (!part[0].InGroup)
            {
                AppendOperation(body, part[0], null);
                continue;
            }
            body.Append("Content-Type: multipart/mixed; boundary=changeset\r\n\r\n");
            foreach (var operation in part)
            {
                body.Append("--changeset\r\n");
                AppendOperation(body, operation, ++id);
            }
            body.Append("--changeset--\r\n");
        }
        body.Append("--batch--\r\n");
        var content = new StringContent(body.ToString(), Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=batch");
        return content;
    }

    private static void AppendOperation(StringBuilder body, Operation operation, int? contentId)
    {
        body.Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
        if (contentId is not null) body.Append($"Content-ID: {contentId}\r\n");
        body.Append($"\r\n{operation.Method} {operation.Url} HTTP/1.1\r\n");
        if (operation.Body is null)
            body.Append("\r\n");
        else
            body.Append($"Content-Type: application/json\r\n\r\n{operation.Body.ToJsonString()}\r\n");
    }

    private static List<OperationResult> ParseJson(string text) =>
        JsonNode.Parse(text)!["responses"]!.AsArray()
            .Select(r => new OperationResult(r!["status"]!.GetValue<int>(), r["body"]))
            .ToList();

    /// <summary>Status lines in order; each body is the JSON that follows its status line's headers.</summary>
    private static List<OperationResult> ParseMultipart(string text) =>
        StatusLine().Matches(text)
            .Select(m =>
            {
                var rest = text[(m.Index + m.Length)..];
                var end = rest.IndexOf("\r\n--", StringComparison.Ordinal);
                var section = end < 0 ? rest : rest[..end];
                var blank = section.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                var json = blank < 0 ? "" : section[(blank + 4)..].Trim();
                return new OperationResult(int.Parse(m.Groups[1].Value), json.StartsWith('{') ? JsonNode.Parse(json) : null);
            })
            .ToList();

    [GeneratedRegex(@"HTTP/1\.1 (\d{3})[^\r\n]*")]
    private static partial Regex StatusLine();

    public enum BatchFormat
    {
        Json,
        Multipart,
    }

    private sealed record Operation(string Method, string Url, JsonObject? Body, bool InGroup = false)
    {
        public static Operation Get(string url) => new("GET", url, null);
        public static Operation Post(string url, JsonObject body) => new("POST", url, body);
    }

    private sealed record OperationResult(int Status, JsonNode? Body);

    private sealed record Stock(int Movements, int Transfers, long Warehouse, long Checkpoint, long Squad);
}
