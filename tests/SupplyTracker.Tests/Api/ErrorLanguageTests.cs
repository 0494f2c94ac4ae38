using System.Net;
using System.Text;
using System.Text.Json;

namespace SupplyTracker.Tests.Api;

/// <summary>The API keeps a stable code for programs and says the message in the request's Accept-Language (English by default).</summary>
public sealed class ErrorLanguageTests(ApiFactory app) : IClassFixture<ApiFactory>
{
    private async Task<(HttpStatusCode Status, JsonElement Problem)> PostAsync(string url, string body, string? language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await app.AdminClient.SendAsync(request);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task A_broken_rule_has_the_same_code_in_Chinese_and_in_English()
    {
        const string body = """{"decisions":[{"lineId":1,"outcome":"Accept"}]}""";

        var chinese = await PostAsync("/odata/Donations(1)/Inspect", body, "zh-Hant");
        var english = await PostAsync("/odata/Donations(1)/Inspect", body, null);

        Assert.Equal(HttpStatusCode.Conflict, chinese.Status);
        Assert.Equal(HttpStatusCode.Conflict, english.Status);
        Assert.Equal("donation_line.not_in_state", chinese.Problem.GetProperty("code").GetString());
        Assert.Equal("donation_line.not_in_state", english.Problem.GetProperty("code").GetString());
        Assert.StartsWith("第 1 項目前為「", chinese.Problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Line 1 is ", english.Problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, chinese.Problem.GetProperty("arguments").GetProperty("line").GetInt32());
        Assert.Equal("decision", chinese.Problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Invalid_fields_carry_a_code_per_field_and_the_message_in_simplified_Chinese()
    {
        var (status, problem) = await PostAsync("/odata/Donations(1)/Inspect", """{"decisions":[]}""", "zh-CN,zh;q=0.9,en;q=0.5");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("lines.required", problem.GetProperty("code").GetString());
        Assert.Equal("lines.required", problem.GetProperty("codes").GetProperty("decisions")[0].GetString());
        Assert.Equal("至少需要填写一项。", problem.GetProperty("errors").GetProperty("decisions")[0].GetString());
    }

    [Fact]
    public async Task An_unknown_donation_is_a_404_with_its_code_in_the_asked_language()
    {
        var (status, problem) = await PostAsync("/odata/Donations(999999)/Inspect", """{"decisions":[{"lineId":1,"outcome":"Accept"}]}""", "zh-TW");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("record.not_found", problem.GetProperty("code").GetString());
        Assert.Equal("找不到捐贈「999999」。", problem.GetProperty("detail").GetString());
    }
}
