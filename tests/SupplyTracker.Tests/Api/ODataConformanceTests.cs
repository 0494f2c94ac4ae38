using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Vocabularies;

namespace SupplyTracker.Tests.Api;

/// <summary>
/// What real OData clients do, checked by the reference library: every response below is read with ODataMessageReader
/// against the model parsed from the service's own $metadata, with all validations on.
/// </summary>
[Trait("Database", "true")]
public sealed class ODataConformanceTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.AdminClient;

    private static object? Value(ODataResource resource, string name) =>
        resource.Properties.OfType<ODataProperty>().Single(p => p.Name == name).Value;

    private static string Literal(object value) => ODataUriUtils.ConvertToUriLiteral(value, ODataVersion.V4);

    private async Task<(ODataConformanceReader Reader, string Key)> FirstAsync(string set)
    {
        var reader = await ODataConformanceReader.FromMetadataAsync(_client);
        using var response = await _client.GetAsync($"/odata/{set}?$top=1");
        var first = (await reader.ReadResourceSetAsync(response, reader.Set(set))).Single();
        return (reader, Literal(Value(first, reader.Set(set).EntityType.Key().Single().Name)!));
    }

    [Fact]
    public async Task Every_entity_set_reads_as_a_valid_resource_set()
    {
        var reader = await ODataConformanceReader.FromMetadataAsync(_client);
        foreach (var set in reader.Model.EntityContainer.EntitySets())
        {
            using var response = await _client.GetAsync($"/odata/{set.Name}?$top=3");
            Assert.True(response.IsSuccessStatusCode, $"{set.Name}: {(int)response.StatusCode}");
            await reader.ReadResourceSetAsync(response, set);
        }
    }

    [Fact]
    public async Task A_single_entity_with_an_expanded_navigation_reads_as_a_valid_resource()
    {
        var (reader, key) = await FirstAsync("Donations");
        using var response = await _client.GetAsync($"/odata/Donations({key})?$expand=donor,receivingLocation,lines");
        var donation = await reader.ReadResourceAsync(response, reader.Set("Donations"));
        Assert.Equal(key, Literal(Value(donation, "id")!));
    }

    [Fact]
    public async Task Every_navigation_and_reference_that_metadata_advertises_resolves_for_one_entity_of_each_set()
    {
        var reader = await ODataConformanceReader.FromMetadataAsync(_client);
        var walked = 0;
        foreach (var set in reader.Model.EntityContainer.EntitySets().Where(s => s.EntityType.NavigationProperties().Any()))
        {
            using var page = await _client.GetAsync($"/odata/{set.Name}?$top=1");
            if ((await reader.ReadResourceSetAsync(page, set)).FirstOrDefault() is not { } first) continue;   // nothing seeded to walk
            var key = Literal(Value(first, set.EntityType.Key().Single().Name)!);
            foreach (var navigation in set.EntityType.NavigationProperties())
            {
                var address = $"/odata/{set.Name}({key})/{navigation.Name}";
                var target = set.FindNavigationTarget(navigation);
                using var response = await _client.GetAsync(address);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{address}: {(int)response.StatusCode}");
                using var references = await _client.GetAsync(address + "/$ref");
                Assert.True(references.StatusCode == HttpStatusCode.OK, $"{address}/$ref: {(int)references.StatusCode}");
                if (navigation.Type.IsCollection())
                {
                    var related = await reader.ReadResourceSetAsync(response, target);
                    Assert.Equal(related.Count, (await reader.ReadReferencesAsync(references)).Count);
                    if (navigation.ContainsTarget && related.FirstOrDefault() is { } line)
                    {
                        var lineKey = Literal(Value(line, navigation.ToEntityType().Key().Single().Name)!);
                        using var byKey = await _client.GetAsync($"{address}({lineKey})");
                        Assert.True(byKey.StatusCode == HttpStatusCode.OK, $"{address}({lineKey}): {(int)byKey.StatusCode}");
                        await reader.ReadResourceAsync(byKey, target);
                    }
                }
                else
                {
                    var related = await reader.ReadResourceAsync(response, target);
                    var link = await reader.ReadReferenceAsync(references);
                    Assert.EndsWith($"/odata/{target.Name}({Literal(Value(related, target.EntityType.Key().Single().Name)!)})", link.AbsoluteUri, StringComparison.Ordinal);
                }
                walked++;
            }
        }
        Assert.True(walked >= 8, $"only {walked} navigations were walked");
    }

    [Fact]
    public async Task The_donor_of_a_donation_is_its_donor()
    {
        var (reader, key) = await FirstAsync("Donations");
        using var donation = await _client.GetAsync($"/odata/Donations({key})?$select=donorId");
        var donorId = Value(await reader.ReadResourceAsync(donation, reader.Set("Donations")), "donorId");
        using var donor = await _client.GetAsync($"/odata/Donations({key})/donor");
        Assert.Equal(donorId, Value(await reader.ReadResourceAsync(donor, reader.Set("Donors")), "id"));
    }

    [Fact]
    public async Task A_navigation_is_read_only_and_says_which_method_it_allows()
    {
        var (reader, key) = await FirstAsync("Donations");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/odata/Donations({key})/donor/$ref")
        {
            Content = new StringContent("""{"@odata.id":"Donors(1)"}""", Encoding.UTF8, "application/json"),
        };
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Equal("http.method_not_allowed", (await reader.ReadErrorAsync(response)).Code);
    }

    [Fact]
    public async Task A_property_its_raw_value_a_key_by_name_and_entity_by_id_all_address_the_item()
    {
        var (reader, key) = await FirstAsync("Items");
        var items = reader.Set("Items");
        using var whole = await _client.GetAsync($"/odata/Items({key})");
        var code = (string)Value(await reader.ReadResourceAsync(whole, items), "code")!;

        using var property = await _client.GetAsync($"/odata/Items({key})/code");
        Assert.Equal(code, await reader.ReadPropertyValueAsync(property, EdmCoreModel.Instance.GetString(false)));
        using var raw = await _client.GetAsync($"/odata/Items({key})/code/$value");
        Assert.Equal("text/plain", raw.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, await raw.Content.ReadAsStringAsync());
        using var byName = await _client.GetAsync($"/odata/Items(id={key})");
        Assert.Equal(code, Value(await reader.ReadResourceAsync(byName, items), "code"));
        using var entity = await _client.GetAsync($"/odata/$entity?$id={Uri.EscapeDataString($"Items({key})")}&$select=code");
        Assert.Equal(code, Value(await reader.ReadResourceAsync(entity, items), "code"));
    }

    [Fact]
    public async Task Apply_on_an_entity_set_reads_as_a_resource_set_with_enums_by_name()
    {
        var reader = await ODataConformanceReader.FromMetadataAsync(_client);
        using var response = await _client.GetAsync("/odata/Items?$apply=groupby((category),aggregate(packSize with sum as total))");
        var groups = await reader.ReadResourceSetAsync(response, reader.Set("Items"), dynamicProperties: true);
        Assert.Contains(groups, g => Value(g, "category") is ODataEnumValue { Value: "Mask" });
    }

    [Fact]
    public async Task Apply_on_contained_lines_answers_an_OData_payload_with_enums_by_name()
    {
        var (reader, key) = await FirstAsync("Donations");
        using var response = await _client.GetAsync($"/odata/Donations({key})/lines?$apply=groupby((disposition),aggregate(quantity with sum as total))");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.JsonAsync();
        Assert.Contains($"$metadata#Donations({key})/lines(", page.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
        Assert.All(page.Values(), g => Assert.Equal(JsonValueKind.String, g.GetProperty("disposition").ValueKind));
        var lines = reader.Set("Donations").FindNavigationTarget(reader.Set("Donations").EntityType.FindProperty("lines") as IEdmNavigationProperty);
        Assert.NotEmpty(await reader.ReadResourceSetAsync(response, lines, dynamicProperties: true));
    }

    [Fact]
    public async Task Has_on_an_enum_finds_the_items_of_that_category()
    {
        var reader = await ODataConformanceReader.FromMetadataAsync(_client);
        using var has = await _client.GetAsync("/odata/Items?$filter=category has SupplyTracker.ItemCategory'Mask'&$select=id");
        using var eq = await _client.GetAsync("/odata/Items?$filter=category eq 'Mask'&$select=id");
        var found = (await reader.ReadResourceSetAsync(has, reader.Set("Items"))).Select(r => Value(r, "id")).ToList();
        Assert.NotEmpty(found);
        Assert.Equal((await reader.ReadResourceSetAsync(eq, reader.Set("Items"))).Select(r => Value(r, "id")), found);
    }

    [Fact]
    public async Task Eq_and_ne_null_on_a_single_navigation_test_its_foreign_key()
    {
        var reader = await ODataConformanceReader.FromMetadataAsync(_client);
        using var all = await _client.GetAsync("/odata/Donations?$select=id&$top=1000");
        using var withDonor = await _client.GetAsync("/odata/Donations?$filter=donor ne null&$select=id&$top=1000");
        using var withoutDonor = await _client.GetAsync("/odata/Donations?$filter=donor eq null&$select=id&$top=1000");
        var count = (await reader.ReadResourceSetAsync(all, reader.Set("Donations"))).Count;
        Assert.True(count > 0);
        Assert.Equal(count, (await reader.ReadResourceSetAsync(withDonor, reader.Set("Donations"))).Count);
        Assert.Empty(await reader.ReadResourceSetAsync(withoutDonor, reader.Set("Donations")));
    }

    [Fact]
    public async Task Divby_divides_with_a_fractional_result()
    {
        var reader = await ODataConformanceReader.FromMetadataAsync(_client);
        using var response = await _client.GetAsync("/odata/Items?$filter=packSize divby 100 eq 0.5&$select=id,packSize");
        var items = await reader.ReadResourceSetAsync(response, reader.Set("Items"));
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal(50, Value(i, "packSize")));
    }

    [Fact]
    public async Task Expiring_stock_comes_earliest_expiry_first()
    {
        var reader = await ODataConformanceReader.FromMetadataAsync(_client);
        using var response = await _client.GetAsync("/odata/Items/ExpiringWithin(days=3650)?$select=id,expiresOn");
        var expiries = (await reader.ReadResourceSetAsync(response, reader.Set("StockBalances"))).Select(b => Value(b, "expiresOn")!.ToString()!).ToList();
        Assert.True(expiries.Count > 1);
        Assert.Equal(expiries.Order(StringComparer.Ordinal), expiries);
    }

    [Fact]
    public async Task An_error_reads_as_an_OData_error()
    {
        var reader = await ODataConformanceReader.FromMetadataAsync(_client);
        using var response = await _client.GetAsync("/odata/Items(999999)/code");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("record.not_found", (await reader.ReadErrorAsync(response)).Code);
    }

    private async Task<HttpResponseMessage> BatchAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/odata/$batch") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task A_JSON_batch_reads_as_a_batch_with_one_response_per_request()
    {
        var reader = await ODataConformanceReader.FromMetadataAsync(_client);
        using var response = await BatchAsync("""{"requests":[{"id":"1","method":"GET","url":"Items?$top=1&$select=id"},{"id":"2","method":"GET","url":"Locations?$top=1&$select=id"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([200, 200], (await reader.ReadBatchAsync(response)).Select(p => p.Status));
    }

    [Fact]
    public async Task A_failed_request_in_a_JSON_batch_is_an_OData_error_the_reference_reader_recognises()
    {
        // ODataMessageReader surfaces an error body inside a batch as ODataErrorException: it has read it as an OData error.
        var reader = await ODataConformanceReader.FromMetadataAsync(_client);
        using var response = await BatchAsync("""{"requests":[{"id":"1","method":"GET","url":"Items(999999)"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = await Assert.ThrowsAsync<ODataErrorException>(() => reader.ReadBatchAsync(response));
        Assert.Equal("http.not_found", error.Error.Code);
    }

    [Fact]
    public async Task Metadata_parses_and_carries_the_vocabulary_annotations()
    {
        var model = (await ODataConformanceReader.FromMetadataAsync(_client)).Model;
        var item = model.EntityContainer.FindEntitySet("Items").EntityType;
        bool Tagged(IEdmVocabularyAnnotatable target, string term) =>
            model.FindVocabularyAnnotations(target).Any(a => a.Term.FullName() == term && a.Value is IEdmBooleanConstantExpression { Value: true });
        Assert.True(Tagged(item.FindProperty("id"), "Org.OData.Core.V1.Computed"));
        Assert.True(Tagged(item.FindProperty("version"), "Org.OData.Core.V1.Computed"));
        Assert.True(Tagged(item.FindProperty("code"), "Org.OData.Core.V1.Immutable"));
        Assert.False(Tagged(item.FindProperty("nameEn"), "Org.OData.Core.V1.Computed"));
        var donation = model.EntityContainer.FindEntitySet("Donations").EntityType;
        Assert.True(Tagged(donation.FindProperty("recordedBy"), "Org.OData.Core.V1.Computed"));
        Assert.True(Tagged(donation.FindProperty("recordedAt"), "Org.OData.Core.V1.Computed"));
        Assert.Contains(model.FindVocabularyAnnotations(item.FindProperty("version")), a => a.Term.FullName() == "Org.OData.Core.V1.Permissions");

        bool Restriction(string set, string term, string property) =>
            model.FindVocabularyAnnotations(model.EntityContainer.FindEntitySet(set)).Single(a => a.Term.FullName() == "Org.OData.Capabilities.V1." + term).Value
                is IEdmRecordExpression record && record.Properties.Single(p => p.Name == property).Value is IEdmBooleanConstantExpression { Value: true };
        Assert.True(Restriction("Items", "InsertRestrictions", "Insertable"));
        Assert.True(Restriction("Items", "UpdateRestrictions", "Updatable"));
        Assert.False(Restriction("Items", "DeleteRestrictions", "Deletable"));
        Assert.False(Restriction("StockMovements", "InsertRestrictions", "Insertable"));
        Assert.True(Restriction("Items", "CountRestrictions", "Countable"));
        Assert.True(Restriction("Donations", "ExpandRestrictions", "Expandable"));
        Assert.Equal(SupplyTracker.Api.SearchBinder.Supports(typeof(SupplyTracker.Api.ItemDto)), Restriction("Items", "SearchRestrictions", "Searchable"));
        var functions = model.FindVocabularyAnnotations(model.EntityContainer.FindEntitySet("Items")).Single(a => a.Term.Name == "FilterFunctions").Value;
        Assert.Contains("contains", ((IEdmCollectionExpression)functions).Elements.Cast<IEdmStringConstantExpression>().Select(e => e.Value));
        Assert.DoesNotContain("matchespattern", ((IEdmCollectionExpression)functions).Elements.Cast<IEdmStringConstantExpression>().Select(e => e.Value));
        Assert.Contains(model.FindVocabularyAnnotations(model.EntityContainer.FindEntitySet("Donations")), a => a.Term.Name == "NavigationRestrictions");
        Assert.Contains(model.FindVocabularyAnnotations(model.EntityContainer.FindEntitySet("Items")), a => a.Term.Name == "TopSupported");
        Assert.Contains(model.FindVocabularyAnnotations(model.EntityContainer.FindEntitySet("Items")), a => a.Term.Name == "SkipSupported");
        Assert.Equal("4.0 4.01", ((IEdmStringConstantExpression)model.FindVocabularyAnnotations(model.EntityContainer)
            .Single(a => a.Term.FullName() == "Org.OData.Core.V1.ODataVersions").Value).Value);
    }

    [Fact]
    public async Task A_PATCH_that_sends_back_the_version_it_read_is_not_refused()
    {
        var (reader, key) = await FirstAsync("Locations");
        using var current = await _client.GetAsync($"/odata/Locations({key})");
        var location = await reader.ReadResourceAsync(current, reader.Set("Locations"));
        var body = JsonSerializer.Serialize(new { id = Value(location, "id"), code = Value(location, "code"), version = Value(location, "version"), name = Value(location, "name") });
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/odata/Locations({key})") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        using var response = await _client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
