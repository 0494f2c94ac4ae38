using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.OData.Edm;
using SupplyTracker.Domain;
using SupplyTracker.Tests.Api;

namespace SupplyTracker.Tests.Infrastructure;

/// <summary>
/// The seeded app with one signed-in client per role and, for every scoped entity set, a row that belongs to another
/// station (the Dingyuan traffic squad) than the Station user's own (the Heping checkpoint).
/// </summary>
public sealed class AccessMatrixApp : ApiFactory, IAsyncLifetime
{
    public const string Anonymous = "Anonymous";
    public static readonly string[] Callers = [Anonymous, Roles.Admin, Roles.Logistics, Roles.Auditor, Roles.Station];

    private readonly Dictionary<string, HttpClient> _clients = [];

    public int Own { get; private set; }
    public int Other { get; private set; }
    public int Warehouse { get; private set; }
    public int Masks { get; private set; }
    public List<int> OwnDonationIds { get; private set; } = [];

    /// <summary>Per entity set, the key of a row of the other station (or any row for unscoped sets).</summary>
    public Dictionary<string, string> OtherKey { get; } = [];

    public HttpClient Client(string caller) => _clients[caller];

    public async Task InitializeAsync()
    {
        var admin = AdminClient;
        _clients[Roles.Admin] = admin;
        _clients[Anonymous] = CreateClient();
        _clients[Roles.Logistics] = await this.CreateClientAsAsync(Roles.Logistics);
        _clients[Roles.Auditor] = await this.CreateClientAsAsync(Roles.Auditor);
        _clients[Roles.Station] = await this.CreateClientAsAsync(Roles.Station, "CP-HEPING");

        Own = await IdAsync("Locations", "code eq 'CP-HEPING'");
        Other = await IdAsync("Locations", "code eq 'SQ-DINGYUAN'");
        Warehouse = await IdAsync("Locations", "code eq 'WH-GX'");
        Masks = await IdAsync("Items", "code eq 'MSK-SURG'");

        OtherKey["Items"] = Masks.ToString();
        OtherKey["Locations"] = Other.ToString();
        OtherKey["Donors"] = "1";
        OtherKey["Donations"] = (await IdAsync("Donations", $"receivingLocationId eq {Warehouse}")).ToString();
        OtherKey["StockBalances"] = (await IdAsync("StockBalances", $"locationId eq {Other}")).ToString();
        OtherKey["StockMovements"] = (await IdAsync("StockMovements", $"locationId eq {Other}")).ToString();
        OtherKey["Transfers"] = (await IdAsync("Transfers", $"toLocationId eq {Other}")).ToString();
        var donation = await IdAsync("Donations", "reference eq 'SEED-2020-001'");
        using (var queued = await admin.PostAsJsonAsync($"/odata/Donations({donation})/QueueWhereItWent", new { }))
        {
            Assert.True(queued.IsSuccessStatusCode, await queued.Content.ReadAsStringAsync());
            OtherKey["OutboxMessages"] = (await queued.JsonAsync()).GetProperty("id").GetInt64().ToString();
        }

        using var receipt = await admin.PostAsJsonAsync($"/odata/Donations({OtherKey["Donations"]})/IssueReceipt", new { });
        Assert.True(receipt.IsSuccessStatusCode, await receipt.Content.ReadAsStringAsync());
        OtherKey["DonorReceipts"] = $"'{(await receipt.JsonAsync()).GetProperty("number").GetString()}'";
        var ownDonation = await IdAsync("Donations", $"receivingLocationId eq {Own}");
        // The seeded donation to the checkpoint has a line in quarantine; a receipt needs every line decided.
        var held = (await admin.GetJsonAsync($"/odata/Donations({ownDonation})/lines?$filter=disposition eq 'Quarantined'")).Values();
        foreach (var heldLine in held)
            await SucceedAsync(admin.PostAsJsonAsync($"/odata/Donations({ownDonation})/ReleaseFromQuarantine",
                new { decisions = new[] { new { lineId = heldLine.GetProperty("id").GetInt32(), outcome = "Release" } } }));
        using var ownReceipt = await admin.PostAsJsonAsync($"/odata/Donations({ownDonation})/IssueReceipt", new { });
        Assert.True(ownReceipt.IsSuccessStatusCode, await ownReceipt.Content.ReadAsStringAsync());
        OwnDonationIds = (await admin.GetJsonAsync($"/odata/Donations?$filter=receivingLocationId eq {Own}&$select=id")).Values()
            .Select(d => d.GetProperty("id").GetInt32()).ToList();

        OtherKey["StockAdjustments"] = await CreatedIdAsync("/odata/StockAdjustments",
            new { locationId = Other, itemId = Masks, lotNumber = "YY20191203", quantity = -1, reason = "Damaged", note = "matrix" });
        OtherKey["ConsumptionReports"] = await CreatedIdAsync("/odata/ConsumptionReports",
            new { locationId = Other, consumedOn = "2026-11-01", lines = new[] { new { itemId = Masks, quantity = 5 } } });

        (OtherKey["AllocationRequests"], OtherKey["Shipments"]) = await DispatchedRequestAsync(Other);

        // Rows of the Station user's own location too, so the scoped lists are compared, not just empty.
        await CreatedIdAsync("/odata/StockAdjustments",
            new { locationId = Own, itemId = Masks, lotNumber = "YY20191203", quantity = -1, reason = "Damaged", note = "matrix" });
        await CreatedIdAsync("/odata/ConsumptionReports",
            new { locationId = Own, consumedOn = "2026-11-01", lines = new[] { new { itemId = Masks, quantity = 5 } } });
        await DispatchedRequestAsync(Own);
        OtherKey["StockCounts"] = await CreatedIdAsync("/odata/StockCounts", new { locationId = Other, itemIds = new[] { Masks } });
        await CreatedIdAsync("/odata/StockCounts", new { locationId = Own, itemIds = new[] { Masks } });

        // A pledge (not station data: only the warehouse and auditors read pledges, which carry the donor's contact).
        OtherKey["Pledges"] = await CreatedIdAsync("/odata/Pledges", new
        {
            donorId = 1, receivingLocationId = Warehouse, expectedOn = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            lines = new[] { new { itemId = Masks, quantity = 100 } },
        });

        // Last, because it sets the lot aside everywhere: a recall of a lot both stations hold notifies (and alerts) both.
        OtherKey["Lots"] = (await IdAsync("Lots", "lotNumber eq 'YY20191203'")).ToString();
        OtherKey["Recalls"] = await CreatedIdAsync("/odata/Recalls",
            new { itemId = Masks, lotNumbers = new[] { "YY20191203" }, reason = "matrix", source = "Authority" });
        OtherKey["Alerts"] = (await IdAsync("Alerts", $"locationId eq {Other} and audience eq 'Station'")).ToString();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    private async Task<(string Request, string Shipment)> DispatchedRequestAsync(int station)
    {
        var admin = AdminClient;
        var request = await CreatedIdAsync("/odata/AllocationRequests", new
        {
            requestingLocationId = station, priority = "Normal", justification = "matrix", neededBy = "2026-12-31",
            lines = new[] { new { itemId = Masks, quantityRequested = 10 } },
        });
        var line = (await admin.GetJsonAsync($"/odata/AllocationRequests({request})/lines")).Values()[0].GetProperty("id").GetInt32();
        await SucceedAsync(admin.PostAsJsonAsync($"/odata/AllocationRequests({request})/Submit", new { }));
        await SucceedAsync(admin.PostAsJsonAsync($"/odata/AllocationRequests({request})/Approve", new { lines = new[] { new { lineId = line, quantityApproved = 10 } } }));
        await SucceedAsync(admin.PostAsJsonAsync($"/odata/AllocationRequests({request})/Allocate", new { }));
        using var dispatched = await admin.PostAsJsonAsync($"/odata/AllocationRequests({request})/Dispatch", new { });
        Assert.True(dispatched.IsSuccessStatusCode, await dispatched.Content.ReadAsStringAsync());
        return (request, (await dispatched.JsonAsync()).GetProperty("id").GetInt32().ToString());
    }

    private async Task<int> IdAsync(string set, string filter) =>
        (await AdminClient.GetJsonAsync($"/odata/{set}?$filter={Uri.EscapeDataString(filter)}&$select=id&$top=1")).Values()[0].GetProperty("id").GetInt32();

    private async Task<string> CreatedIdAsync(string url, object body)
    {
        using var response = await AdminClient.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{url}: {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonAsync()).GetProperty("id").GetInt32().ToString();
    }

    private static async Task SucceedAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}

/// <summary>
/// Role × entity set × verb, generated from the EDM: an entity set added without a row in <see cref="Rules"/> fails
/// here before it can ship untested. Statuses are exact.
/// </summary>
[Trait("Database", "true")]
public sealed class AccessMatrixTests(AccessMatrixApp app) : IClassFixture<AccessMatrixApp>
{
    private const string A = Roles.Admin, L = Roles.Logistics, U = Roles.Auditor, S = Roles.Station;

    /// <param name="OwnFilter">The $filter that selects a Station user's own rows (read by an Admin); null for sets every role reads whole.</param>
    /// <param name="Post">Roles that may POST; null when the set is read only (405).</param>
    /// <param name="Patch">Roles that may PATCH; null when the set cannot be patched (404).</param>
    /// <param name="PostBody">A body aimed at the other station that is invalid even for allowed roles (so nothing is written).</param>
    /// <param name="Readers">Roles that may read; null when every role may (403 for the others).</param>
    private sealed record SetRule(Func<AccessMatrixApp, string>? OwnFilter, string[]? Post, string[]? Patch, Func<AccessMatrixApp, object> PostBody,
        string Key = "id", string[]? Readers = null)
    {
        public bool MayRead(string caller) => Readers is null || Readers.Contains(caller);
    }

    private static Func<AccessMatrixApp, string> At(params string[] properties) =>
        a => string.Join(" or ", properties.Select(p => $"{p} eq {a.Own}"));

    private static readonly Dictionary<string, SetRule> Rules = new()
    {
        ["Items"] = new(null, [A], [A], _ => new { }),
        ["Locations"] = new(null, [A], [A], _ => new { }),
        ["Donors"] = new(null, [A, L], [A, L], _ => new { }),
        ["Donations"] = new(At("receivingLocationId"), [A, L], null, a => new { receivingLocationId = a.Other }),
        ["StockBalances"] = new(At("locationId"), null, null, _ => new { }),
        ["StockMovements"] = new(At("locationId"), null, null, _ => new { }),
        ["StockAdjustments"] = new(At("locationId"), [A, L, S], null,
            a => new { locationId = a.Other, itemId = a.Masks, quantity = 0, reason = "Damaged" }),
        ["Transfers"] = new(At("fromLocationId", "toLocationId"), [A, L], null, a => new { toLocationId = a.Other }),
        ["StockCounts"] = new(At("locationId"), [A, L, S], null, a => new { locationId = a.Other, itemIds = new[] { 0 } }),
        ["ConsumptionReports"] = new(At("locationId"), [A, L, S], null,
            a => new { locationId = a.Other, consumedOn = "2026-11-01", lines = Array.Empty<object>() }),
        ["AllocationRequests"] = new(At("requestingLocationId"), [A, L, S], [A, L, S],
            a => new { requestingLocationId = a.Other, lines = Array.Empty<object>() }),
        ["Shipments"] = new(At("toLocationId"), null, null, _ => new { }),
        ["DonorReceipts"] = new(a => $"donationId in ({string.Join(',', a.OwnDonationIds)})", null, null, _ => new { }, Key: "number"),
        ["OutboxMessages"] = new(null, null, null, _ => new { }, Readers: [A, L, U]),
        ["Lots"] = new(null, null, [A, L], _ => new { }),
        // A station reads the recalls it was notified of; the matrix recall notified both stations.
        ["Recalls"] = new(null, [A, L], null, _ => new { }),
        ["Alerts"] = new(a => $"audience eq 'Station' and locationId eq {a.Own}", null, null, _ => new { }),
        ["Pledges"] = new(null, [A, L], null, _ => new { }, Readers: [A, L, U]),
    };

    public static TheoryData<string, string> SetsAndCallers()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in SupplyTracker.Api.EdmModel.Build().EntityContainer.EntitySets())
            foreach (var caller in AccessMatrixApp.Callers)
                data.Add(set.Name, caller);
        return data;
    }

    [Fact]
    public void Every_entity_set_in_the_EDM_has_access_rules()
    {
        var sets = SupplyTracker.Api.EdmModel.Build().EntityContainer.EntitySets().Select(s => s.Name).Order().ToList();
        Assert.Equal(sets, Rules.Keys.Order().ToList());
    }

    [Theory]
    [MemberData(nameof(SetsAndCallers))]
    public async Task Get_collection(string set, string caller)
    {
        using var response = await app.Client(caller).GetAsync($"/odata/{set}?$top=1000");
        if (caller == AccessMatrixApp.Anonymous)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return;
        }
        if (!Rules[set].MayRead(caller))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rule = Rules[set];
        var keys = Keys((await response.JsonAsync()).Values(), rule.Key);
        Assert.NotEmpty(keys);
        if (caller != S || rule.OwnFilter is null) return;
        var own = Keys((await app.AdminClient.GetJsonAsync($"/odata/{set}?$top=1000&$filter={Uri.EscapeDataString(rule.OwnFilter(app))}")).Values(), rule.Key);
        Assert.Equal(own, keys);
    }

    private static List<string> Keys(JsonElement[] rows, string key) => [.. rows.Select(r => r.GetProperty(key).ToString()).Order()];

    [Theory]
    [MemberData(nameof(SetsAndCallers))]
    public async Task Get_another_stations_row_by_key(string set, string caller)
    {
        using var response = await app.Client(caller).GetAsync($"/odata/{set}({app.OtherKey[set]})");
        var expected = !Rules[set].MayRead(caller) ? HttpStatusCode.Forbidden
            : caller == S && Rules[set].OwnFilter is not null ? HttpStatusCode.NotFound
            : HttpStatusCode.OK;
        Assert.Equal(Expected(caller, expected), response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(SetsAndCallers))]
    public async Task Count_counts_only_what_the_caller_may_see(string set, string caller)
    {
        using var response = await app.Client(caller).GetAsync($"/odata/{set}/$count");
        Assert.Equal(Expected(caller, Rules[set].MayRead(caller) ? HttpStatusCode.OK : HttpStatusCode.Forbidden), response.StatusCode);
        if (caller != S || Rules[set].OwnFilter is not { } ownFilter) return;
        var own = await app.AdminClient.GetStringAsync($"/odata/{set}/$count?$filter={Uri.EscapeDataString(ownFilter(app))}");
        Assert.Equal(own, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(SetsAndCallers))]
    public async Task Post(string set, string caller)
    {
        var rule = Rules[set];
        using var response = await app.Client(caller).PostAsJsonAsync($"/odata/{set}", rule.PostBody(app));
        var allowed = rule.Post is { } roles && roles.Contains(caller);
        // A Station user aiming at another station is refused before the body is even validated.
        var aimedElsewhere = caller == S && rule.OwnFilter is not null;
        var expected = rule.Post is null ? HttpStatusCode.MethodNotAllowed
            : allowed && !aimedElsewhere ? HttpStatusCode.BadRequest
            : HttpStatusCode.Forbidden;
        Assert.Equal(Expected(caller, expected), response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(SetsAndCallers))]
    public async Task Patch_another_stations_row(string set, string caller)
    {
        var rule = Rules[set];
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/odata/{set}({app.OtherKey[set]})")
        {
            Content = new StringContent("{\"id\":999999}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        using var response = await app.Client(caller).SendAsync(request);
        var expected = rule.Patch is not { } roles ? HttpStatusCode.NotFound
            : !roles.Contains(caller) ? HttpStatusCode.Forbidden
            : caller == S && rule.OwnFilter is not null ? HttpStatusCode.NotFound
            // A key sent in a PATCH is ignored (OData 4.01 §11.4.3), so a caller who may edit the row changes nothing and gets 204;
            // the other station's request is dispatched, no longer a draft, so editing it is a 409.
            : set == "AllocationRequests" ? HttpStatusCode.Conflict
            : HttpStatusCode.NoContent;
        Assert.Equal(Expected(caller, expected), response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(SetsAndCallers))]
    public async Task Delete_is_never_offered(string set, string caller)
    {
        using var response = await app.Client(caller).DeleteAsync($"/odata/{set}({app.OtherKey[set]})");
        Assert.Equal(Expected(caller, HttpStatusCode.MethodNotAllowed), response.StatusCode);
    }

    public static TheoryData<string, string, string, HttpStatusCode[]> Actions()
    {
        // caller order: Anonymous, Admin, Logistics, Auditor, Station
        HttpStatusCode[] Codes(params HttpStatusCode[] codes) => codes;
        const HttpStatusCode Unauth = HttpStatusCode.Unauthorized, Bad = HttpStatusCode.BadRequest, Forbid = HttpStatusCode.Forbidden,
            NotFound = HttpStatusCode.NotFound, Conflict = HttpStatusCode.Conflict;
        return new()
        {
            { "Donations", "Inspect", "{}", Codes(Unauth, Bad, Bad, Forbid, Forbid) },
            { "Donations", "ReleaseFromQuarantine", "{}", Codes(Unauth, Bad, Bad, Forbid, Forbid) },
            { "AllocationRequests", "Submit", "{}", Codes(Unauth, Conflict, Conflict, Forbid, NotFound) },
            { "AllocationRequests", "Cancel", "{\"reason\":\"x\"}", Codes(Unauth, Conflict, Conflict, Forbid, NotFound) },
            { "AllocationRequests", "Approve", "{}", Codes(Unauth, Bad, Bad, Forbid, Forbid) },
            { "AllocationRequests", "Allocate", "{}", Codes(Unauth, Conflict, Conflict, Forbid, Forbid) },
            { "AllocationRequests", "Dispatch", "{}", Codes(Unauth, Conflict, Conflict, Forbid, Forbid) },
            { "Shipments", "ConfirmDelivery", "{}", Codes(Unauth, Bad, Bad, Forbid, NotFound) },
            { "StockBalances", "ResolveQuarantine", "{}", Codes(Unauth, Bad, Bad, Forbid, Forbid) },
            { "DonorReceipts", "Void", "{}", Codes(Unauth, Bad, Bad, Forbid, Forbid) },
            { "Donations", "IssueReceipt", "{}", Codes(Unauth, Conflict, Conflict, Forbid, Forbid) },
            // The matrix app has no SMTP server: the message is still Queued, so there is nothing to resend yet.
            { "OutboxMessages", "Resend", "{}", Codes(Unauth, Conflict, Conflict, Forbid, Forbid) },
            { "OutboxMessages", "CorrectAddressAndResend", "{}", Codes(Unauth, Bad, Bad, Forbid, Forbid) },
            // Others must name the station; the Station user confirms for its own, which the recall notified.
            { "Recalls", "ConfirmSetAside", "{}", Codes(Unauth, Bad, Bad, Forbid, HttpStatusCode.OK) },
            // Another station's alert is that station's to dismiss.
            { "Alerts", "Dismiss", "{}", Codes(Unauth, Conflict, Conflict, Forbid, NotFound) },
            // Only the warehouse closes a pledge; no reason, and a receipt dated in the future, are refused before anything is written.
            { "Pledges", "Cancel", "{}", Codes(Unauth, Bad, Bad, Forbid, Forbid) },
            { "Pledges", "Receive", "{\"receivedOn\":\"2099-01-01\"}", Codes(Unauth, Bad, Bad, Forbid, Forbid) },
        };
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Bound_actions_on_another_stations_row(string set, string action, string body, HttpStatusCode[] expected)
    {
        for (var i = 0; i < AccessMatrixApp.Callers.Length; i++)
        {
            var caller = AccessMatrixApp.Callers[i];
            using var response = await app.Client(caller).PostAsync($"/odata/{set}({app.OtherKey[set]})/{action}",
                new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(expected[i] == response.StatusCode, $"{caller} {set}/{action}: expected {(int)expected[i]}, got {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Expand_from_an_allowed_set_stays_inside_the_station()
    {
        var balances = await app.Client(S).GetJsonAsync("/odata/StockBalances?$expand=location($select=id)&$top=1000");
        Assert.All(balances.Values(), b => Assert.Equal(app.Own, b.GetProperty("location").GetProperty("id").GetInt32()));

        var donations = await app.Client(S).GetJsonAsync("/odata/Donations?$expand=donor");
        Assert.All(donations.Values(), d =>
        {
            Assert.Equal(app.Own, d.GetProperty("receivingLocationId").GetInt32());
            Assert.Equal(JsonValueKind.Null, d.GetProperty("donor").GetProperty("phone").ValueKind);
        });
    }

    [Fact]
    public async Task Station_users_do_not_see_donor_contact_details()
    {
        var donors = await app.Client(S).GetJsonAsync("/odata/Donors?$select=name,phone,email,address,contactName");
        Assert.All(donors.Values(), d =>
        {
            foreach (var field in new[] { "phone", "email", "address", "contactName" })
                Assert.Equal(JsonValueKind.Null, d.GetProperty(field).ValueKind);
        });
        var forLogistics = await app.Client(L).GetJsonAsync("/odata/Donors?$select=phone");
        Assert.Contains(forLogistics.Values(), d => d.GetProperty("phone").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task Apply_groups_only_the_station_rows()
    {
        var groups = await app.Client(S).GetJsonAsync("/odata/StockMovements?$apply=" + Uri.EscapeDataString("groupby((locationId))"));
        Assert.Equal([app.Own], groups.Values().Select(g => g.GetProperty("locationId").GetInt32()).ToList());
    }

    [Fact]
    public async Task Functions_follow_the_scope()
    {
        var expiring = await app.Client(S).GetJsonAsync("/odata/Items/ExpiringWithin(days=3650)");
        Assert.All(expiring.Values(), b => Assert.Equal(app.Own, b.GetProperty("locationId").GetInt32()));
        using var otherCover = await app.Client(S).GetAsync($"/odata/Locations({app.Other})/DaysOfCover()");
        Assert.Equal(HttpStatusCode.NotFound, otherCover.StatusCode);
        using var ownCover = await app.Client(S).GetAsync($"/odata/Locations({app.Own})/DaysOfCover()");
        Assert.Equal(HttpStatusCode.OK, ownCover.StatusCode);
    }

    [Fact]
    public async Task Batch_parts_are_scoped_and_authorized_one_by_one()
    {
        var batch = new
        {
            requests = new object[]
            {
                new { id = "1", method = "GET", url = $"StockBalances({app.OtherKey["StockBalances"]})" },
                new { id = "2", method = "GET", url = "StockBalances/$count" },
                new
                {
                    id = "3", method = "POST", url = "ConsumptionReports", atomicityGroup = "g1",
                    headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
                    body = new { locationId = app.Other, consumedOn = "2026-11-01", lines = new[] { new { itemId = app.Masks, quantity = 1 } } },
                },
            },
        };
        var message = new HttpRequestMessage(HttpMethod.Post, "/odata/$batch") { Content = JsonContent.Create(batch) };
        message.Headers.TryAddWithoutValidation("Prefer", "odata.continue-on-error");
        using var response = await app.Client(S).SendAsync(message);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var parts = (await response.JsonAsync()).GetProperty("responses").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal(404, parts["1"].GetProperty("status").GetInt32());
        var ownCount = await app.AdminClient.GetStringAsync($"/odata/StockBalances/$count?$filter=locationId eq {app.Own}");
        Assert.Equal(ownCount, parts["2"].GetProperty("body").ToString());
        Assert.Equal(403, parts["3"].GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_station_user_cannot_report_consumption_for_another_station()
    {
        var before = await app.AdminClient.GetStringAsync("/odata/ConsumptionReports/$count");
        using var response = await app.Client(S).PostAsJsonAsync("/odata/ConsumptionReports",
            new { locationId = app.Other, consumedOn = "2026-11-01", lines = new[] { new { itemId = app.Masks, quantity = 1 } } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await response.ReadODataErrorAsync();
        Assert.Equal(before, await app.AdminClient.GetStringAsync("/odata/ConsumptionReports/$count"));
    }

    private static HttpStatusCode Expected(string caller, HttpStatusCode whenSignedIn) =>
        caller == AccessMatrixApp.Anonymous ? HttpStatusCode.Unauthorized : whenSignedIn;
}

[Trait("Database", "true")]
public sealed class AuditLogTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_command_records_who_sent_it_and_when_without_secrets()
    {
        var admin = factory.AdminClient;
        using var created = await admin.PostAsJsonAsync("/odata/Donors", new { name = "稽核測試捐贈者", kind = "Individual", isAnonymous = false, preferredLanguage = "zh-Hant" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var auditor = await factory.CreateClientAsAsync(Roles.Auditor);
        var log = (await auditor.GetJsonAsync("/audit/log?take=1000")).EnumerateArray().ToList();
        var entry = Assert.Single(log, e => e.GetProperty("payload").GetString()!.Contains("稽核測試捐贈者", StringComparison.Ordinal));
        Assert.Equal("CreateDonor", entry.GetProperty("command").GetString());
        Assert.StartsWith("admin-", entry.GetProperty("user").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(log, e => e.GetProperty("payload").GetString()!.Contains(ApiClients.Password, StringComparison.Ordinal));
        Assert.Contains(log, e => e.GetProperty("command").GetString() == "AddUser");

        var station = await factory.CreateClientAsAsync(Roles.Station, "CP-HEPING");
        using var forbidden = await station.GetAsync("/audit/log");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
