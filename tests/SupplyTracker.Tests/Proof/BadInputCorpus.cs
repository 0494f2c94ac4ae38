using System.Net.Http.Headers;
using System.Text;

namespace SupplyTracker.Tests.Proof;

/// <summary>Who sends a case: most go as Admin (every door open), intake as Logistics, requests as a Station user.</summary>
public enum Caller { Admin, Logistics, Station, Auditor, Anonymous }

/// <summary>
/// What a case must answer. <see cref="Refused"/> is the rule: 4xx with ProblemDetails. The others are the few inputs
/// that are legitimately not errors and are asserted as such.
/// </summary>
public enum Expect
{
    Refused,
    /// <summary>An injection string used as plain data (a string literal, a search term): 200, an empty list, nothing runs.</summary>
    EmptyList,
    /// <summary>$search on a set without text: 501, as the OData spec asks of a service that cannot honour an option.</summary>
    NotImplemented,
    /// <summary>A $batch whose operations are each refused: 200 for the envelope, every operation 4xx.</summary>
    EveryOperationRefused,
    /// <summary>A read whose odd part HTTP or OData lets the server ignore (an Accept it cannot meet falls back to JSON): 200, nothing runs.</summary>
    Ignored,
}

public sealed record BadInput(string Name, HttpMethod Method, string Url, Func<HttpContent>? Body = null, Caller Caller = Caller.Admin,
    Expect Expect = Expect.Refused, (string Name, string Value)[]? Headers = null, BadInput? First = null)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, Url) { Content = Body?.Invoke() };
        foreach (var (name, value) in Headers ?? [])
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
                request.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    public override string ToString() => Name;
}

/// <summary>
/// The bad-input corpus: every case is sent through HTTP to the real app over a seeded database. Seed ids are stable
/// (the loader inserts in file order): location 1 is the warehouse WH-GX, 2 the checkpoint CP-HEPING, item 1 surgical
/// masks (lot YY20191203), donations 1–6 are already inspected, and the fixture drafts allocation request 1.
/// </summary>
public static class BadInputCorpus
{
    private static readonly string Megabyte = new('蘭', 1 << 20);
    private static readonly string Emoji = "😷🧤🧴";

    public static readonly IReadOnlyDictionary<string, BadInput> All = Build().ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static HttpContent Raw(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static string Q(string value) => Uri.EscapeDataString(value);

    private static string S(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    public static string Donation(string donorId = "1", string locationId = "1", string receivedOn = "\"2020-02-01\"", string note = "null",
        string? lines = null, string reference = "null") =>
        $$"""{"donorId":{{donorId}},"receivingLocationId":{{locationId}},"receivedOn":{{receivedOn}},"note":{{note}},"reference":{{reference}},"lines":{{lines ?? $"[{Line()}]"}}}""";

    public static string Line(string itemId = "1", string quantity = "500", string lotNumber = "null", string expiresOn = "null", string declaredValue = "null") =>
        $$"""{"itemId":{{itemId}},"quantity":{{quantity}},"lotNumber":{{lotNumber}},"expiresOn":{{expiresOn}},"declaredValue":{{declaredValue}}}""";

    private static string Transfer(string from = "1", string to = "2", string itemId = "1", string lot = "\"YY20191203\"", string quantity = "10", string note = "null") =>
        $$"""{"fromLocationId":{{from}},"toLocationId":{{to}},"itemId":{{itemId}},"lotNumber":{{lot}},"quantity":{{quantity}},"note":{{note}}}""";

    private static string Adjustment(string quantity = "-5", string reason = "\"Damaged\"", string lot = "\"YY20191203\"", string locationId = "1",
        string itemId = "1", string expiresOn = "null", string note = "null") =>
        $$"""{"locationId":{{locationId}},"itemId":{{itemId}},"lotNumber":{{lot}},"expiresOn":{{expiresOn}},"quantity":{{quantity}},"reason":{{reason}},"note":{{note}}}""";

    private static string Consumption(string quantity = "1", string consumedOn = "\"2026-11-01\"", string locationId = "2", string itemId = "1") =>
        $$"""{"locationId":{{locationId}},"consumedOn":{{consumedOn}},"lines":[{"itemId":{{itemId}},"quantity":{{quantity}}}]}""";

    private static string Request(string quantity = "100", string neededBy = "\"2026-12-20\"", string priority = "\"Urgent\"", string locationId = "2",
        string itemId = "1", string justification = "\"一級查控\"", string? lines = null) =>
        $$"""{"requestingLocationId":{{locationId}},"priority":{{priority}},"justification":{{justification}},"neededBy":{{neededBy}},"lines":{{lines ?? $$"""[{"itemId":{{itemId}},"quantityRequested":{{quantity}}}]"""}}}""";

    private static string Donor(string name = "\"某公司\"", string kind = "\"Organisation\"", string language = "\"zh-Hant\"", string email = "null") =>
        $$"""{"name":{{name}},"kind":{{kind}},"isAnonymous":false,"preferredLanguage":{{language}},"email":{{email}}}""";

    private static IEnumerable<BadInput> Build()
    {
        var post = HttpMethod.Post;
        var get = HttpMethod.Get;
        BadInput Post(string name, string url, string json, Caller caller = Caller.Admin) => new(name, post, url, () => Json(json), caller);
        BadInput Get(string name, string url, Expect expect = Expect.Refused, Caller caller = Caller.Admin) => new(name, get, url, Caller: caller, Expect: expect);
        BadInput Donate(string name, string json) => Post(name, "/odata/Donations", json, Caller.Logistics);

        // Malformed JSON, on every door that takes a body.
        string[] malformed =
        [
            "", "{", "}", "[", "{\"donorId\":1,}", "{'donorId':1}", "{\"donorId\":1 \"receivingLocationId\":1}", "{}{}", "nul", "{\"lines\":[{]}",
            "{\"note\":\"unterminated}", "{\"donorId\":NaN}", "{\"donorId\":01}", "/* comment */ {}", "\u0000", "{\"a\":1}\u0000garbage",
        ];
        string[] doors =
        [
            "/odata/Donations", "/odata/Donors", "/odata/Transfers", "/odata/StockAdjustments", "/odata/ConsumptionReports",
            "/odata/AllocationRequests", "/odata/Donations(1)/Inspect", "/odata/AllocationRequests(1)/Approve",
        ];
        for (var i = 0; i < malformed.Length; i++)
            yield return Post($"malformed-json-{i:00}-donation", "/odata/Donations", malformed[i], Caller.Logistics);
        foreach (var door in doors)
        {
            foreach (var (body, tag) in new[] { ("{", "open-brace"), ("[1,2", "open-array"), ("{\"x\":}", "missing-value"), ("null", "null") })
                yield return Post($"malformed-json-{tag}-{door.Replace("/odata/", "", StringComparison.Ordinal)}", door, body);
        }
        yield return Donate("malformed-json-10000-nested-arrays", new string('[', 10_000) + new string(']', 10_000));
        yield return Donate("malformed-json-10000-nested-objects", string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000));
        yield return new("malformed-json-invalid-utf8", post, "/odata/Donations",
            () => Raw([.. "{\"donorId\":1,\"note\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8], "application/json"), Caller.Logistics);
        yield return new("malformed-json-utf16-body-declared-utf8", post, "/odata/Donations",
            () => Raw(Encoding.Unicode.GetBytes(Donation()), "application/json; charset=utf-8"), Caller.Logistics);
        yield return Donate("malformed-json-top-level-array", $"[{Donation()}]");
        yield return Donate("malformed-json-top-level-string", "\"donation\"");
        yield return Donate("malformed-json-top-level-number", "42");

        // Wrong types.
        foreach (var (value, tag) in new[] { ("\"abc\"", "string"), ("true", "bool"), ("1.5", "fraction"), ("null", "null"), ("[]", "array"), ("{}", "object"), ("\"\"", "empty-string") })
        {
            yield return Donate($"wrong-type-donorId-{tag}", Donation(donorId: value));
            yield return Donate($"wrong-type-line-itemId-{tag}", Donation(lines: $"[{Line(itemId: value)}]"));
        }
        yield return Donate("wrong-type-lines-object", Donation(lines: Line()));
        yield return Donate("wrong-type-lines-string", Donation(lines: "\"500 masks\""));
        yield return Donate("wrong-type-lines-null", Donation(lines: "null"));
        yield return Donate("wrong-type-lines-of-numbers", Donation(lines: "[1,2,3]"));
        yield return Donate("wrong-type-receivedOn-number", Donation(receivedOn: "20200201"));
        yield return Donate("wrong-type-receivedOn-object", Donation(receivedOn: "{\"year\":2020}"));
        yield return Donate("wrong-type-note-number", Donation(note: "42"));
        yield return Donate("wrong-type-quantity-string", Donation(lines: $"[{Line(quantity: "\"five hundred\"")}]"));
        yield return Donate("wrong-type-quantity-bool", Donation(lines: $"[{Line(quantity: "true")}]"));
        yield return Donate("wrong-type-quantity-array", Donation(lines: $"[{Line(quantity: "[500]")}]"));
        yield return Donate("wrong-type-lotNumber-number", Donation(lines: $"[{Line(itemId: "5", lotNumber: "12345", expiresOn: "\"2028-10-31\"")}]"));
        yield return Donate("wrong-type-declaredValue-string", Donation(lines: $"[{Line(declaredValue: "\"a lot\"")}]"));
        yield return Donate("unknown-property-in-donation", Donation()[..^1] + ",\"isAccepted\":true}");
        yield return Donate("unknown-property-in-line", Donation(lines: $"[{Line()[..^1]},\"isFree\":true}}]"));
        yield return Post("wrong-type-transfer-quantity-string", "/odata/Transfers", Transfer(quantity: "\"10\"x"));
        yield return Post("wrong-type-transfer-from-string", "/odata/Transfers", Transfer(from: "\"WH-GX\""));
        yield return Post("wrong-type-adjustment-reason-number", "/odata/StockAdjustments", Adjustment(reason: "7"));
        yield return Post("wrong-type-adjustment-reason-unknown", "/odata/StockAdjustments", Adjustment(reason: "\"Stolen\""));
        yield return Post("wrong-type-donor-kind-unknown", "/odata/Donors", Donor(kind: "\"Alien\""));
        yield return Post("wrong-type-donor-kind-number", "/odata/Donors", Donor(kind: "99"));
        yield return Post("wrong-type-donor-isAnonymous-string", "/odata/Donors", Donor()[..^1] + ",\"isAnonymous\":\"yes\"}");
        yield return Post("wrong-type-request-priority-unknown", "/odata/AllocationRequests", Request(priority: "\"Yesterday\""), Caller.Station);
        yield return Post("wrong-type-request-priority-number", "/odata/AllocationRequests", Request(priority: "1"), Caller.Station);

        // Quantities: zero, negative, fractional, huge, overflowing.
        string[] badQuantities =
        [
            "0", "-1", "-0", "-2147483648", "1.5", "0.0001", "499.999999999", "1000000001", "2147483648", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "1e30", "1e400", "79228162514264337593543950336", "1E-400",
        ];
        foreach (var q in badQuantities)
        {
            yield return Donate($"quantity-donation-{q}", Donation(lines: $"[{Line(quantity: q)}]"));
            yield return Post($"quantity-transfer-{q}", "/odata/Transfers", Transfer(quantity: q), Caller.Logistics);
            yield return Post($"quantity-request-{q}", "/odata/AllocationRequests", Request(quantity: q), Caller.Station);
        }
        foreach (var q in new[] { "0", "1.5", "-1000000001", "1000000001", "9223372036854775807", "-9223372036854775808", "1e400" })
            yield return Post($"quantity-adjustment-{q}", "/odata/StockAdjustments", Adjustment(quantity: q, reason: "\"CountCorrection\""));
        yield return Post("quantity-adjustment-damaged-positive", "/odata/StockAdjustments", Adjustment(quantity: "5", reason: "\"Damaged\""));
        yield return Post("quantity-adjustment-found-negative", "/odata/StockAdjustments", Adjustment(quantity: "-5", reason: "\"Found\""));
        yield return Post("quantity-adjustment-more-than-on-hand", "/odata/StockAdjustments", Adjustment(quantity: "-999999999", reason: "\"Lost\""));
        yield return Post("quantity-transfer-more-than-available", "/odata/Transfers", Transfer(quantity: "999999999"), Caller.Logistics);
        foreach (var q in new[] { "0", "-1", "1.5", "999999999", "2147483648" })
            yield return Post($"quantity-consumption-{q}", "/odata/ConsumptionReports", Consumption(quantity: q), Caller.Station);
        yield return Donate("quantity-declared-value-negative", Donation(lines: $"[{Line(declaredValue: "-1")}]"));
        yield return Donate("quantity-declared-value-huge", Donation(lines: $"[{Line(declaredValue: "1e20")}]"));
        yield return Donate("quantity-501-lines", Donation(lines: "[" + string.Join(',', Enumerable.Repeat(Line(), 501)) + "]"));
        yield return Donate("quantity-20000-lines", Donation(lines: "[" + string.Join(',', Enumerable.Repeat(Line(), 20_000)) + "]"));
        yield return Donate("quantity-no-lines", Donation(lines: "[]"));
        yield return Post("quantity-request-duplicate-items", "/odata/AllocationRequests",
            Request(lines: """[{"itemId":1,"quantityRequested":5},{"itemId":1,"quantityRequested":6}]"""), Caller.Station);
        yield return Post("quantity-approve-more-than-requested", "/odata/AllocationRequests(1)/Approve", """{"lines":[{"lineId":1,"quantityApproved":1000000}]}""");
        yield return Post("quantity-approve-negative", "/odata/AllocationRequests(1)/Approve", """{"lines":[{"lineId":1,"quantityApproved":-1}]}""");

        // Unknown ids and malformed keys.
        foreach (var id in new[] { "0", "-1", "999999", "2147483647" })
        {
            yield return Donate($"unknown-donor-{id}", Donation(donorId: id));
            yield return Donate($"unknown-location-{id}", Donation(locationId: id));
            yield return Donate($"unknown-item-{id}", Donation(lines: $"[{Line(itemId: id)}]"));
        }
        yield return Donate("unknown-location-overflow", Donation(locationId: "2147483648"));
        yield return Post("unknown-transfer-to-location", "/odata/Transfers", Transfer(to: "999999"), Caller.Logistics);
        yield return Post("unknown-transfer-same-location", "/odata/Transfers", Transfer(to: "1"), Caller.Logistics);
        yield return Post("unknown-transfer-lot", "/odata/Transfers", Transfer(lot: "\"NO-SUCH-LOT\""), Caller.Logistics);
        yield return Post("unknown-request-item", "/odata/AllocationRequests", Request(itemId: "999999"), Caller.Station);
        foreach (var url in new[]
                 {
                     "/odata/Items(999999)", "/odata/Items(0)", "/odata/Items(-1)", "/odata/Items(2147483648)", "/odata/Items(abc)", "/odata/Items('1')",
                     "/odata/Items(1.5)", "/odata/Items(1e3)", "/odata/Items(key=99999)", "/odata/Items(1)/nope", "/odata/Items()",
                     "/odata/Donations(999999)", "/odata/Donations(999999)/lines(1)", "/odata/Donors(2147483647)", "/odata/Locations(-2147483648)",
                     "/odata/StockMovements(9223372036854775807)", "/odata/StockMovements(9223372036854775808)", "/odata/StockBalances(99999999999999999999)",
                     "/odata/AllocationRequests(999999)", "/odata/Shipments(999999)", "/odata/Shipments(999999)/lines", "/odata/Nothing",
                     "/odata/Items(1)/$value", "/odata/Locations(999999)/DaysOfCover()", "/odata/AllocationRequests(999999)/Suggest()",
                 })
        {
            yield return Get($"unknown-key-GET {url}", url);
        }
        yield return Post("unknown-donation-inspect", "/odata/Donations(999999)/Inspect", """{"decisions":[{"lineId":1,"outcome":"Accept"}]}""");
        yield return Post("unknown-line-inspect", "/odata/Donations(1)/Inspect", """{"decisions":[{"lineId":999999,"outcome":"Accept"}]}""");
        yield return Post("inspect-already-decided-line", "/odata/Donations(1)/Inspect", """{"decisions":[{"lineId":1,"outcome":"Accept"}]}""");
        yield return Post("inspect-unknown-outcome", "/odata/Donations(1)/Inspect", """{"decisions":[{"lineId":1,"outcome":"Explode"}]}""");
        yield return Post("inspect-outcome-number", "/odata/Donations(1)/Inspect", """{"decisions":[{"lineId":1,"outcome":3}]}""");
        yield return Post("inspect-no-decisions", "/odata/Donations(1)/Inspect", "{}");
        yield return Post("inspect-decisions-string", "/odata/Donations(1)/Inspect", """{"decisions":"Accept all"}""");
        yield return Post("inspect-empty-decision", "/odata/Donations(1)/Inspect", """{"decisions":[{}]}""");
        yield return Post("inspect-10000-decisions", "/odata/Donations(1)/Inspect",
            "{\"decisions\":[" + string.Join(',', Enumerable.Range(1, 10_000).Select(i => $$"""{"lineId":{{i}},"outcome":"Accept"}""")) + "]}");
        yield return Post("release-line-not-quarantined", "/odata/Donations(1)/ReleaseFromQuarantine", """{"decisions":[{"lineId":1,"outcome":"Release"}]}""");
        yield return Post("unknown-request-submit", "/odata/AllocationRequests(999999)/Submit", "{}", Caller.Station);
        yield return Post("approve-a-draft", "/odata/AllocationRequests(1)/Approve", """{"lines":[{"lineId":1,"quantityApproved":10}]}""");
        yield return Post("allocate-a-draft", "/odata/AllocationRequests(1)/Allocate", "{}");
        yield return Post("dispatch-a-draft", "/odata/AllocationRequests(1)/Dispatch", "{}");
        yield return Post("close-a-draft", "/odata/AllocationRequests(1)/Close", "{}");
        yield return Post("reject-without-reason", "/odata/AllocationRequests(1)/Reject", "{}");
        yield return Post("reject-with-1mb-reason", "/odata/AllocationRequests(1)/Reject", $"{{\"reason\":{S(Megabyte)}}}");
        yield return Post("cancel-without-body", "/odata/AllocationRequests(1)/Cancel", "");
        yield return Post("confirm-unknown-shipment", "/odata/Shipments(999999)/ConfirmDelivery", """{"lines":[{"lineId":1,"quantityAccepted":1,"quantityRejected":0}]}""", Caller.Station);

        // Dates: invalid, too early, in the future.
        foreach (var (date, tag) in new[]
                 {
                     ("\"2020-02-30\"", "feb-30"), ("\"2020-13-01\"", "month-13"), ("\"not-a-date\"", "words"), ("\"\"", "empty"), 
                     ("\"20200201\"", "compact"), ("\"1999-12-31\"", "before-2000"), ("\"0001-01-01\"", "year-1"), ("\"9999-12-31\"", "year-9999"),
                     ("\"2027-01-01\"", "future"), ("\"2020-02-01T25:00:00Z\"", "hour-25"), ("\"-2020-02-01\"", "negative-year"), ("\"10000-01-01\"", "year-10000"),
                 })
        {
            yield return Donate($"date-receivedOn-{tag}", Donation(receivedOn: date));
        }
        yield return Donate("date-expiresOn-before-2000", Donation(lines: $"[{Line(itemId: "5", lotNumber: "\"84-X\"", expiresOn: "\"1999-01-01\"")}]"));
        yield return Donate("date-expiresOn-feb-30", Donation(lines: $"[{Line(itemId: "5", lotNumber: "\"84-X\"", expiresOn: "\"2028-02-30\"")}]"));
        yield return Donate("date-expiry-item-without-expiry", Donation(lines: $"[{Line(itemId: "5", lotNumber: "\"84-X\"")}]"));
        yield return Donate("date-expiry-item-without-lot", Donation(lines: $"[{Line(itemId: "5", expiresOn: "\"2028-10-31\"")}]"));
        yield return Post("date-consumedOn-future", "/odata/ConsumptionReports", Consumption(consumedOn: "\"2027-06-01\""), Caller.Station);
        yield return Post("date-consumedOn-invalid", "/odata/ConsumptionReports", Consumption(consumedOn: "\"2026-02-29\""), Caller.Station);
        yield return Post("date-neededBy-past", "/odata/AllocationRequests", Request(neededBy: "\"2020-01-01\""), Caller.Station);
        yield return Post("date-neededBy-far-future", "/odata/AllocationRequests", Request(neededBy: "\"2099-01-01\""), Caller.Station);
        yield return Post("date-neededBy-invalid", "/odata/AllocationRequests", Request(neededBy: "\"2026-11-31\""), Caller.Station);
        yield return Post("date-adjustment-found-expired-lot", "/odata/StockAdjustments",
            Adjustment(quantity: "5", reason: "\"Found\"", lot: "\"OLD-LOT\"", itemId: "5", expiresOn: "\"2020-01-01\""));
        foreach (var days in new[] { "-1", "3651", "2147483648", "abc", "1.5" })
            yield return Get($"date-expiring-within-{days}", $"/odata/Items/ExpiringWithin(days={days})");
        foreach (var filter in new[] { "receivedOn eq 2020-02-30", "receivedOn gt 2020-13-01", "recordedAt gt 2020-01-01T25:00:00Z", "receivedOn eq '2020-02-01'" })
            yield return Get($"date-filter {filter}", "/odata/Donations?$filter=" + Q(filter));

        // Long strings and control characters.
        yield return Donate("string-1mb-note", Donation(note: S(Megabyte)));
        yield return Donate("string-1mb-reference", Donation(reference: S(Megabyte)));
        yield return Donate("string-1mb-lot-number", Donation(lines: $"[{Line(lotNumber: S(Megabyte))}]"));
        yield return Post("string-1mb-donor-name", "/odata/Donors", Donor(name: S(Megabyte)));
        yield return Post("string-1mb-request-justification", "/odata/AllocationRequests", Request(justification: S(Megabyte)), Caller.Station);
        yield return Post("string-1mb-transfer-note", "/odata/Transfers", Transfer(note: S(Megabyte)), Caller.Logistics);
        yield return Post("string-1mb-adjustment-note", "/odata/StockAdjustments", Adjustment(note: S(Megabyte)));
        yield return Post("string-empty-donor-name", "/odata/Donors", Donor(name: "\"\""));
        yield return Post("string-whitespace-donor-name", "/odata/Donors", Donor(name: "\"   \\t  \""));
        yield return Post("string-null-donor-name", "/odata/Donors", Donor(name: "null"));
        yield return Post("string-bad-email", "/odata/Donors", Donor(email: "\"not an email\""));
        yield return Post("string-bad-language", "/odata/Donors", Donor(language: "\"klingon\""));
        foreach (var (control, tag) in new[] { ("\\u0000", "nul"), ("\\u0007", "bell"), ("\\u001b[31m", "ansi-escape"), ("\\u007f", "delete"), ("\\u0085", "c1-next-line") })
        {
            yield return Donate($"control-{tag}-in-note", Donation(note: $"\"before{control}after\""));
            yield return Donate($"control-{tag}-in-lot-number", Donation(lines: $"[{Line(lotNumber: $"\"LOT{control}1\"")}]"));
            yield return Post($"control-{tag}-in-transfer-lot", "/odata/Transfers", Transfer(lot: $"\"YY2019{control}1203\""), Caller.Logistics);
        }
        yield return Donate("control-newline-in-lot-number", Donation(lines: $"[{Line(lotNumber: "\"LOT\\n1\"")}]"));
        yield return Donate("string-lone-surrogate-in-note", Donation(note: "\"\\ud800\""));
        yield return Donate($"string-emoji-reference-too-long", Donation(reference: S(string.Concat(Enumerable.Repeat(Emoji, 20)))));

        // Injection strings in $filter and $search.
        string[] injections =
        [
            "'; DROP TABLE Items; --", "' OR '1'='1", "1; DELETE FROM StockMovements", "\" OR \"\"=\"", "%%", "_", "%' --", "\\", "' UNION SELECT * FROM AspNetUsers --",
            "Robert'); DROP TABLE Donors;--", "*/ SELECT 1 /*", "\u0000",
        ];
        for (var i = 0; i < injections.Length; i++)
        {
            var literal = "'" + injections[i].Replace("'", "''", StringComparison.Ordinal) + "'";
            yield return Get($"injection-filter-literal-{i:00}-items", "/odata/Items?$filter=" + Q($"contains(nameEn,{literal})"), Expect.EmptyList);
            yield return Get($"injection-filter-literal-{i:00}-donors", "/odata/Donors?$filter=" + Q($"name eq {literal}"), Expect.EmptyList);
            // A backslash escapes the closing quote of a $search phrase: that one is a syntax error, the rest are plain text.
            yield return Get($"injection-search-phrase-{i:00}", "/odata/Items?$search=" + Q("\"" + injections[i].Replace("\"", "", StringComparison.Ordinal) + "\""),
                injections[i] == "\\" ? Expect.Refused : Expect.EmptyList);
        }
        // Well-formed filters that merely find nothing: an alias without a value is null, SQLite divides by zero to NULL, a
        // number beyond any id matches no id.
        foreach (var filter in new[] { "nameEn eq @p", "packSize div 0 eq 1", "id eq 99999999999999999999999" })
            yield return Get($"injection-filter-empty {filter}", "/odata/Items?$filter=" + Q(filter), Expect.EmptyList);
        foreach (var filter in new[]
                 {
                     "1; DROP TABLE Items", "code eq 'x') or (1 eq 1", "id eq 1 union select", "code eq x'41'", "id eq 1 --", "nameEn eq 'unterminated",
                     "matchesPattern(nameEn,'.*')", "isof('Edm.String')", "fractionalseconds(2020-01-01T00:00:00Z) eq 0", "cast(id,'Edm.String') eq 'x' or",
                     "nosuchfield eq 1", "id eq", "substringof('a',nameEn)", "id add 1", "$it/id eq 1 or exec xp_cmdshell",
                     string.Concat(Enumerable.Repeat("(", 2000)) + "id eq 1" + string.Concat(Enumerable.Repeat(")", 2000)),
                     string.Join(" or ", Enumerable.Range(1, 200).Select(i => $"id eq {i}")),
                     "length(nameEn) eq 'a'", "id in (1,2,'x')",
                 })
        {
            yield return Get($"injection-filter {Short(filter)}", "/odata/Items?$filter=" + Q(filter));
        }
        foreach (var search in new[] { "(", ")", "\"unterminated", "AND", "OR OR", "NOT", "a AND", "()", "\"\"" })
            yield return Get($"injection-search-syntax {search}", "/odata/Items?$search=" + Q(search));
        yield return Get("injection-search-1mb-term", "/odata/Items?$search=" + Q(Megabyte[..100_000]), Expect.EmptyList);
        yield return Get("injection-search-on-transfers", "/odata/Transfers?$search=mask", Expect.NotImplemented);
        yield return Get("injection-apply-disallowed-function", "/odata/Items?$apply=" + Q("compute(matchesPattern(nameEn,'x') as m)"));
        yield return Get("injection-apply-unknown-transformation", "/odata/Items?$apply=" + Q("exec(sp_who)"));
        yield return Get("injection-apply-too-long", "/odata/Items?$apply=" + Q("groupby((" + string.Join(",", Enumerable.Repeat("code", 500)) + "))"));
        yield return Get("injection-compute-disallowed-function", "/odata/Items?$compute=" + Q("time(2020-01-01T00:00:00Z) as t"));
        yield return Get("injection-orderby-six-keys", "/odata/Items?$orderby=id,code,nameEn,nameZhHant,nameZhHans,packSize");
        yield return Get("injection-orderby-unknown", "/odata/Items?$orderby=" + Q("1; DROP TABLE Items"));
        yield return Get("injection-select-unknown", "/odata/Items?$select=password");
        yield return Get("injection-unknown-system-option", "/odata/Items?$execute=1");
        yield return Get("injection-duplicate-top", "/odata/Items?$top=1&$top=2");
        // A format the service cannot write is 406 (OData Protocol §8.2.1), not JSON the client did not ask for.
        yield return Get("injection-format-xml", "/odata/Items?$format=application/xml");

        // Deep $expand.
        foreach (var expand in new[]
                 {
                     "lines($expand=lines)", "donor($expand=donor($expand=donor($expand=donor)))", "nosuch", "*($levels=max)", "lines($levels=100)",
                     "lines($top=100000)", "lines($filter=quantity gt 'x')",
                     string.Concat(Enumerable.Repeat("lines($expand=", 50)) + "x" + new string(')', 50),
                     "receivingLocation($expand=receivingLocation)", "lines($select=nosuch)",
                 })
        {
            yield return Get($"expand {Short(expand)}", "/odata/Donations?$expand=" + Q(expand));
        }
        // The same navigation expanded again and again is merged into one expansion.
        yield return Get("expand-donor-twice", "/odata/Donations?$expand=donor,donor", Expect.Ignored);
        yield return Get("expand-donor-500-times", "/odata/Donations?$expand=" + Q(string.Join(",", Enumerable.Repeat("donor", 500))), Expect.Ignored);
        yield return Get("expand-skip-overflow-in-lines", "/odata/Donations?$expand=" + Q("lines($skip=2147483648)"));
        yield return Get("expand-four-levels-on-balances", "/odata/StockBalances?$expand=" + Q("item($expand=item($expand=item($expand=item)))"));

        // $top and $skip.
        foreach (var top in new[] { "1001", "2147483647", "2147483648", "99999999999999999999", "-1", "abc", "1.5", "", "1e3", "0x10" })
            yield return Get($"top {top}", "/odata/StockMovements?$top=" + Q(top));
        foreach (var skip in new[] { "-1", "2147483648", "abc" })
            yield return Get($"skip {skip}", "/odata/StockMovements?$skip=" + Q(skip));
        yield return Get("skiptoken-garbage", "/odata/StockMovements?$skiptoken=" + Q("'; DROP TABLE x"));
        yield return Get("count-not-boolean", "/odata/Items?$count=maybe");
        yield return Get("expand-top-in-lines", "/odata/Donations?$expand=" + Q("lines($top=2147483648)"));

        // $batch: thousands of parts, oversized, malformed, wrong content types.
        static string JsonBatch(int parts, Func<int, string> part) => "{\"requests\":[" + string.Join(',', Enumerable.Range(1, parts).Select(part)) + "]}";
        static string GetPart(int i) => $$"""{"id":"{{i}}","method":"GET","url":"Items(1)"}""";
        static string TransferPart(int i, string group) =>
            $$"""{"id":"{{i}}","atomicityGroup":"{{group}}","method":"POST","url":"Transfers","headers":{"content-type":"application/json"},"body":{{Transfer()}}}""";
        static string Multipart(int parts) => string.Concat(Enumerable.Range(1, parts).Select(_ =>
            "--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nGET Items(1) HTTP/1.1\r\n\r\n")) + "--b--\r\n";
        yield return Post("batch-5000-json-parts", "/odata/$batch", JsonBatch(5000, GetPart));
        yield return Post("batch-101-json-parts", "/odata/$batch", JsonBatch(101, GetPart));
        yield return Post("batch-51-operations-in-one-group", "/odata/$batch", JsonBatch(51, i => TransferPart(i, "g")));
        yield return new("batch-3000-multipart-parts", post, "/odata/$batch", () => Raw(Encoding.UTF8.GetBytes(Multipart(3000)), "multipart/mixed; boundary=b"));
        yield return Post("batch-over-1mib", "/odata/$batch",
            JsonBatch(1, i => $$"""{"id":"{{i}}","method":"POST","url":"Donors","headers":{"content-type":"application/json"},"body":{"name":{{S(new string('x', 1_100_000))}}""" + "}}"));
        yield return Post("batch-nested-too-deep", "/odata/$batch",
            JsonBatch(1, i => $$"""{"id":"{{i}}","method":"POST","url":"Donors","headers":{"content-type":"application/json"},"body":{{Nested(40)}}""" + "}"));
        yield return Post("batch-malformed-json", "/odata/$batch", "{\"requests\":[{\"id\":\"1\",");
        yield return Post("batch-requests-not-array", "/odata/$batch", "{\"requests\":\"all of them\"}");
        yield return Post("batch-empty-body", "/odata/$batch", "");
        yield return new("batch-text-plain", post, "/odata/$batch", () => new StringContent(JsonBatch(1, GetPart), Encoding.UTF8, "text/plain"));
        yield return new("batch-multipart-without-boundary", post, "/odata/$batch", () => Raw(Encoding.UTF8.GetBytes(Multipart(1)), "multipart/mixed"));
        // No part carries the declared boundary: an empty batch, answered with an empty one.
        yield return new("batch-multipart-wrong-boundary", post, "/odata/$batch", () => Raw(Encoding.UTF8.GetBytes(Multipart(2)), "multipart/mixed; boundary=zzz"),
            Expect: Expect.Ignored);
        yield return new("batch-multipart-garbage", post, "/odata/$batch", () => Raw("--b\r\nnonsense\r\n--b--"u8.ToArray(), "multipart/mixed; boundary=b"));
        yield return new("batch-group-with-a-bad-transfer", post, "/odata/$batch",
            () => Json("{\"requests\":[" + TransferPart(1, "g") + "," + TransferPart(2, "g").Replace("\"quantity\":10", "\"quantity\":999999999", StringComparison.Ordinal) + "]}"),
            Expect: Expect.EveryOperationRefused);
        yield return new("batch-operations-each-bad", post, "/odata/$batch",
            () => Json("""{"requests":[{"id":"1","method":"GET","url":"Items(999999)"},{"id":"2","method":"POST","url":"Donors","headers":{"content-type":"application/json"},"body":{"name":""}},{"id":"3","method":"GET","url":"Items?$top=5000"}]}"""),
            Headers: [("Prefer", "continue-on-error")], Expect: Expect.EveryOperationRefused);
        yield return new("batch-absolute-url-elsewhere", post, "/odata/$batch",
            () => Json("""{"requests":[{"id":"1","method":"DELETE","url":"http://evil.example/odata/Items(1)"}]}"""));

        // Oversized bodies and wrong content types.
        yield return Donate("oversized-8mb-note", Donation(note: S(new string('x', 8 << 20))));
        yield return Donate("oversized-8mb-whitespace", new string(' ', 8 << 20) + "{");
        yield return Donate("oversized-1m-unknown-properties", "{" + string.Join(',', Enumerable.Range(0, 100_000).Select(i => $"\"p{i}\":1")) + "}");
        foreach (var type in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "image/png", "application/json-patch+json" })
            yield return new($"content-type {type}", post, "/odata/Donations", () => Raw(Encoding.UTF8.GetBytes(Donation()), type), Caller.Logistics);
        yield return new("content-type missing", post, "/odata/Donations", () => Raw(Encoding.UTF8.GetBytes(Donation()), null), Caller.Logistics);
        yield return new("content-type charset nonsense", post, "/odata/Donations", () => Raw(Encoding.UTF8.GetBytes(Donation()), "application/json; charset=klingon"),
            Caller.Logistics);
        yield return new("accept text/csv", get, "/odata/Items", Headers: [("Accept", "text/csv")], Expect: Expect.Ignored);
        yield return new("accept odata.metadata nonsense", get, "/odata/Items", Headers: [("Accept", "application/json;odata.metadata=everything")]);

        // ETags and If-Match.
        var patch = HttpMethod.Patch;
        foreach (var (etag, tag) in new[]
                 {
                     ("garbage", "garbage"), ("W/\"MQ==\"", "stale"), ("W/\"\"", "empty-weak"), ("\"OTk=\"", "strong-form-stale"), ("W/\"not base64!\"", "bad-base64"),
                     ("W/\"" + new string('A', 10_000) + "\"", "10kb"), ("W/\"MQ==\", W/\"Mg==\"", "two-stale"), ("W/\"LTE=\"", "negative-version"),
                 })
        {
            yield return new($"if-match-{tag}-patch-item", patch, "/odata/Items(1)", () => Json("{\"reorderLevel\":3000}"), Headers: [("If-Match", etag)]);
            yield return new($"if-match-{tag}-inspect", post, "/odata/Donations(1)/Inspect", () => Json("""{"decisions":[{"lineId":1,"outcome":"Accept"}]}"""),
                Headers: [("If-Match", etag)]);
        }
        yield return new("if-match-missing-patch", patch, "/odata/Items(1)", () => Json("{\"reorderLevel\":3000}"));
        yield return new("if-match-missing-put", HttpMethod.Put, "/odata/Locations(1)", () => Json("{\"name\":\"x\"}"));
        yield return new("if-match-stale-submit", post, "/odata/AllocationRequests(1)/Submit", Caller: Caller.Station, Headers: [("If-Match", "W/\"OTk=\"")]);
        // A key or code sent in a PATCH is ignored, not refused (OData 4.01 §11.4.3; WriteTests covers it), so it is no longer bad input here.
        yield return new("patch-unknown-property", patch, "/odata/Items(1)", () => Json("{\"isAdmin\":true}"), Headers: [("If-Match", "W/\"MA==\"")]);
        yield return new("patch-pack-size-zero", patch, "/odata/Items(1)", () => Json("{\"packSize\":0}"), Headers: [("If-Match", "W/\"MA==\"")]);
        yield return new("patch-pack-size-overflow", patch, "/odata/Items(1)", () => Json("{\"packSize\":2147483648}"), Headers: [("If-Match", "W/\"MA==\"")]);
        yield return new("patch-name-1mb", patch, "/odata/Items(1)", () => Json($"{{\"nameEn\":{S(Megabyte)}}}"), Headers: [("If-Match", "W/\"MA==\"")]);
        yield return new("patch-request-status", patch, "/odata/AllocationRequests(1)", () => Json("{\"status\":\"Approved\"}"), Caller.Station,
            Headers: [("If-Match", "W/\"MA==\"")]);

        // Idempotency-Key.
        // An empty key is refused too (checked against Kestrel), but HttpClient and TestServer drop an empty header.
        foreach (var (key, tag) in new[] { (new string('k', 256), "256-chars"), ("ключ-1", "non-ascii"), ("a\u007fb", "delete-char") })
        {
            yield return new($"idempotency-key-{tag}", post, "/odata/Donations", () => Json(Donation()), Caller.Logistics, Headers: [("Idempotency-Key", key)]);
        }
        yield return new("idempotency-key-twice", post, "/odata/Donations", () => Json(Donation()), Caller.Logistics,
            Headers: [("Idempotency-Key", "one"), ("Idempotency-Key", "two")]);
        var reused = Guid.NewGuid().ToString("N");
        yield return new("idempotency-key-reused-with-another-body", post, "/odata/Transfers", () => Json(Transfer(quantity: "999999998")), Caller.Logistics,
            Headers: [("Idempotency-Key", reused)],
            First: new("first", post, "/odata/Transfers", () => Json(Transfer(quantity: "999999999")), Caller.Logistics, Headers: [("Idempotency-Key", reused)]));

        // Authentication, roles and scope.
        yield return new("auth-no-token", post, "/odata/Donations", () => Json(Donation()), Caller.Anonymous);
        yield return new("auth-garbage-token", post, "/odata/Donations", () => Json(Donation()), Caller.Anonymous, Headers: [("Authorization", "Bearer garbage")]);
        yield return new("auth-empty-bearer", get, "/odata/Items", Caller: Caller.Anonymous, Headers: [("Authorization", "Bearer ")]);
        yield return new("auth-basic", get, "/odata/Items", Caller: Caller.Anonymous, Headers: [("Authorization", "Basic YWRtaW46ZGVtbw==")]);
        yield return new("auth-10kb-token", get, "/odata/Items", Caller: Caller.Anonymous, Headers: [("Authorization", "Bearer " + new string('t', 10_000))]);
        yield return Post("auth-token-malformed-json", "/auth/token", "{\"userName\":");
        yield return Post("auth-token-wrong-types", "/auth/token", "{\"userName\":1,\"password\":[]}");
        yield return Post("auth-token-unknown-user", "/auth/token", "{\"userName\":\"nobody-at-all\",\"password\":\"correct horse battery\"}");
        yield return Post("auth-token-1mb-user", "/auth/token", $"{{\"userName\":{S(Megabyte)},\"password\":\"x\"}}");
        yield return Post("role-station-records-donation", "/odata/Donations", Donation(), Caller.Station);
        yield return Post("role-auditor-transfers", "/odata/Transfers", Transfer(), Caller.Auditor);
        yield return Post("role-station-creates-item", "/odata/Items", "{\"code\":\"X\"}", Caller.Station);
        yield return Post("scope-station-reports-for-warehouse", "/odata/ConsumptionReports", Consumption(locationId: "1"), Caller.Station);
        yield return Post("scope-station-requests-for-another-station", "/odata/AllocationRequests", Request(locationId: "3"), Caller.Station);
        yield return Get("scope-station-reads-another-location-cover", "/odata/Locations(3)/DaysOfCover()", caller: Caller.Station);

        // CSV import (POST /imports/donations): any bad row refuses the whole file.
        const string csvHeader = "donor,receivedOn,reference,itemCode,quantity,lotNumber,expiresOn,declaredValue\n";
        const string import = "/imports/donations?receivingLocationId=1&donorId=1";
        BadInput Csv(string name, string csv, string url = import, Caller caller = Caller.Logistics, string contentType = "text/csv") =>
            new("csv-" + name, post, url, () => Raw(Encoding.UTF8.GetBytes(csv), contentType), caller);
        string Row(string itemCode = "MSK-SURG", string quantity = "10", string lot = "", string expires = "", string value = "", string donor = "",
            string receivedOn = "", string reference = "") => csvHeader + $"{donor},{receivedOn},{reference},{itemCode},{quantity},{lot},{expires},{value}\n";
        yield return Csv("empty-body", "");
        yield return Csv("header-only", csvHeader);
        yield return Csv("wrong-header", "code,qty\nMSK-SURG,1\n");
        yield return Csv("blank-lines-only", "\n\n\n");
        foreach (var quantity in new[] { "0", "-5", "2.5", "1e3", "1000000001", "99999999999999999999999999999", "abc", "", "NaN", "０５" })
            yield return Csv($"quantity {quantity}", Row(quantity: quantity));
        yield return Csv("unknown-item", Row(itemCode: "NO-SUCH-ITEM"));
        yield return Csv("sql-injection-item", Row(itemCode: "MSK-SURG'; DROP TABLE \"Donations\"; --"));
        yield return Csv("emoji-item", Row(itemCode: Emoji));
        yield return Csv("1mb-lot", Row(lot: new string('L', 1 << 20)));
        yield return Csv("control-chars-lot", Row(lot: "L\u0001\u0007"));
        yield return Csv("rtl-65-char-reference", Row(reference: string.Concat(Enumerable.Repeat("\u202Eשלום", 13))));
        yield return Csv("expiry-2028-02-30", Row(itemCode: "DIS-84", lot: "L1", expires: "2028-02-30"));
        yield return Csv("expiry-1999", Row(itemCode: "DIS-84", lot: "L1", expires: "1999-12-31"));
        yield return Csv("tracked-item-without-lot", Row(itemCode: "DIS-84", expires: "2028-12-31"));
        yield return Csv("declared-value-negative", Row(value: "-1"));
        yield return Csv("declared-value-huge", Row(value: "10000000000.01"));
        yield return Csv("received-in-future", Row(receivedOn: "2099-01-01"));
        yield return Csv("received-invalid", Row(receivedOn: "2026-02-30"));
        yield return Csv("unknown-donor", Row(donor: "nobody at all"));
        yield return Csv("donor-id-zero", Row(donor: "0"));
        yield return Csv("reference-already-recorded", Row(reference: "SEED-2020-001"));
        yield return Csv("reference-shared-by-two-donors", csvHeader + "1,,R-SHARED,MSK-SURG,1,,,\n2,,R-SHARED,MSK-SURG,1,,,\n");
        yield return Csv("one-good-row-one-bad", csvHeader + ",,,MSK-SURG,10,,,\n,,,MSK-SURG,0,,,\n");
        yield return Csv("501-lines-in-one-donation", csvHeader + string.Concat(Enumerable.Repeat(",,,MSK-SURG,1,,,\n", 501)));
        yield return Csv("unclosed-quote", csvHeader + ",,,\"MSK-SURG,10,,,\n");
        yield return new("csv-invalid-utf8", post, import, () => Raw([.. "itemCode,quantity\n"u8, 0xC3, 0x28, 0xFF, .. ",1\n"u8], "text/csv"), Caller.Logistics);
        yield return new("csv-utf16", post, import, () => Raw(Encoding.Unicode.GetBytes("itemCode,quantity\nMSK-SURG,0\n"), "text/csv"), Caller.Logistics);
        yield return Csv("17mb-body", "itemCode,quantity\n" + new string('x', 17 << 20));
        yield return Csv("content-type-json", Row(), contentType: "application/json");
        yield return Csv("content-type-form", Row(), contentType: "application/x-www-form-urlencoded");
        yield return new("csv-content-type-missing", post, import, () => Raw(Encoding.UTF8.GetBytes(Row()), null), Caller.Logistics);
        yield return Csv("no-location", Row(), "/imports/donations?donorId=1");
        yield return Csv("unknown-location", Row(), "/imports/donations?receivingLocationId=999999&donorId=1");
        yield return Csv("location-overflow", Row(), "/imports/donations?receivingLocationId=99999999999&donorId=1");
        yield return Csv("unknown-donor-parameter", Row(), "/imports/donations?receivingLocationId=1&donorId=999999");
        yield return Csv("received-on-parameter-invalid", Row(), "/imports/donations?receivingLocationId=1&donorId=1&receivedOn=yesterday");
        yield return Csv("note-1mb", Row(), $"/imports/donations?receivingLocationId=1&donorId=1&note={Q(new string('n', 20_000))}");
        yield return Csv("role-station", Row(), caller: Caller.Station);
        yield return Csv("role-auditor", Row(), caller: Caller.Auditor);
        yield return Csv("role-anonymous", Row(), caller: Caller.Anonymous);

        // Keys with several unnamed values (the OData library would answer the first: OData/AspNetCoreOData#742).
        yield return Get("key-two-values", "/odata/Items(1,2)");
        yield return Get("key-three-values-navigation", "/odata/Donations(1,2,3)/lines");
        yield return Get("key-two-values-percent-encoded", "/odata/Items(1%2C2)");
        yield return Get("key-quoted-comma-unknown", "/odata/DonorReceipts('ST-1,2')");
        yield return new("key-two-values-patch", patch, "/odata/Items(1,2)", () => Json("{\"nameZhHant\":\"x\"}"), Headers: [("If-Match", "*")]);

        // Methods and routes that do not exist.
        yield return new("method-delete-item", HttpMethod.Delete, "/odata/Items(1)");
        yield return new("method-delete-movement", HttpMethod.Delete, "/odata/StockMovements(1)");
        yield return new("method-patch-balance", patch, "/odata/StockBalances(1)", () => Json("{\"quantityOnHand\":0}"), Headers: [("If-Match", "*")]);
        yield return new("method-put-movement", HttpMethod.Put, "/odata/StockMovements(1)", () => Json("{\"quantity\":0}"));
        yield return Post("method-post-movement", "/odata/StockMovements", "{\"quantity\":1000}");
        yield return Post("method-post-balance", "/odata/StockBalances", "{\"quantityOnHand\":1000}");
        yield return Get("method-get-action", "/odata/Donations(1)/Inspect");
        yield return Post("method-post-function", "/odata/Items/ExpiringWithin(days=30)", "{}");
        yield return Post("method-unknown-action", "/odata/Donations(1)/Explode", "{}");
    }

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private static string Short(string text) => text.Length <= 60 ? text : text[..50] + $"…({text.Length})";
}
