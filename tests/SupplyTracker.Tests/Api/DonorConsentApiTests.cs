using System.Net;
using System.Net.Http.Json;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Vocabularies;

namespace SupplyTracker.Tests.Api;

/// <summary>Consent on the Donors entity: defaults by kind, the RecordConsent action with who and when, and what $metadata says a client may set.</summary>
public sealed class DonorConsentApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.AdminClient;

    [Fact]
    public async Task A_person_is_anonymous_until_consent_is_recorded_and_the_record_says_who_and_when()
    {
        var name = $"市民{Guid.NewGuid():N}"[..12];
        using var created = await _admin.PostAsJsonAsync("/odata/Donors", new { name, kind = "Individual", isAnonymous = false, preferredLanguage = "zh-Hant" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var donor = await created.JsonAsync();
        Assert.True(donor.GetProperty("isAnonymous").GetBoolean());
        Assert.True(donor.GetProperty("tracePublic").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, donor.GetProperty("consentRecordedAt").ValueKind);
        var id = donor.GetProperty("id").GetInt32();

        using var recorded = await _admin.PostAsJsonAsync($"/odata/Donors({id})/RecordConsent", new { namePublic = true, tracePublic = false });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var after = await recorded.JsonAsync();
        Assert.False(after.GetProperty("isAnonymous").GetBoolean());
        Assert.False(after.GetProperty("tracePublic").GetBoolean());
        Assert.StartsWith("admin", after.GetProperty("consentRecordedBy").GetString(), StringComparison.Ordinal);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, after.GetProperty("consentRecordedAt").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task An_organisation_is_named_by_default_and_asking_for_anonymity_on_create_is_recorded()
    {
        using var named = await _admin.PostAsJsonAsync("/odata/Donors", new { name = $"公司{Guid.NewGuid():N}"[..12], kind = "Organisation", preferredLanguage = "zh-Hant" });
        var n = await named.JsonAsync();
        Assert.False(n.GetProperty("isAnonymous").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, n.GetProperty("consentRecordedAt").ValueKind);

        using var hidden = await _admin.PostAsJsonAsync("/odata/Donors", new { name = $"公司{Guid.NewGuid():N}"[..12], kind = "Organisation", isAnonymous = true, preferredLanguage = "zh-Hant" });
        var h = await hidden.JsonAsync();
        Assert.True(h.GetProperty("isAnonymous").GetBoolean());
        Assert.StartsWith("admin", h.GetProperty("consentRecordedBy").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consent_without_both_answers_is_refused_and_metadata_marks_who_and_when_as_computed()
    {
        var id = (await _admin.GetJsonAsync("/odata/Donors?$top=1")).Values()[0].GetProperty("id").GetInt32();
        using var refused = await _admin.PostAsJsonAsync($"/odata/Donors({id})/RecordConsent", new { namePublic = true });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var model = (await ODataConformanceReader.FromMetadataAsync(_admin)).Model;
        var donor = model.EntityContainer.FindEntitySet("Donors").EntityType;
        bool Tagged(IEdmVocabularyAnnotatable target, string term) =>
            model.FindVocabularyAnnotations(target).Any(a => a.Term.FullName() == term && a.Value is IEdmBooleanConstantExpression { Value: true });
        Assert.True(Tagged(donor.FindProperty("consentRecordedAt"), "Org.OData.Core.V1.Computed"));
        Assert.True(Tagged(donor.FindProperty("consentRecordedBy"), "Org.OData.Core.V1.Computed"));
        Assert.False(Tagged(donor.FindProperty("tracePublic"), "Org.OData.Core.V1.Computed"));
        Assert.Contains(model.SchemaElements.OfType<IEdmAction>(), a => a.Name == "RecordConsent");
    }
}
