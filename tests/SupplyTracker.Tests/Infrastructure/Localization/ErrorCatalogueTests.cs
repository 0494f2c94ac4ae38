using System.Globalization;
using System.Resources;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Tests.Infrastructure.Localization;

public sealed class ErrorCatalogueTests
{
    private static readonly ResourceManager Messages = ErrorText.Messages;

    public static TheoryData<string> Languages => new() { "en", "zh-Hant", "zh-Hans" };

    /// <summary>The words of one language only: English is the neutral resource, the Chinese ones their satellites.</summary>
    private static string? MessageOf(string code, string language) =>
        Messages.GetResourceSet(language == "en" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language),
            createIfNotExists: true, tryParents: false)?.GetString(code);

    [Fact]
    public void The_catalogue_has_codes_and_each_code_is_unique()
    {
        Assert.True(ErrorCodes.All.Count > 50, $"only {ErrorCodes.All.Count} codes");
        Assert.Equal(ErrorCodes.All.Count, ErrorCodes.All.Select(c => c.Value).Distinct().Count());
        Assert.All(ErrorCodes.All, c => Assert.Matches("^[a-z][a-z0-9_]*\\.[a-z_]+$", c.Value));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_code_has_a_message_in_the_language_whose_placeholders_are_its_arguments(string language)
    {
        var problems = new List<string>();
        foreach (var code in ErrorCodes.All)
        {
            var message = MessageOf(code.Value, language);
            if (string.IsNullOrWhiteSpace(message))
            {
                problems.Add($"{code}: no message");
                continue;
            }
            var placeholders = ErrorText.Placeholder().Matches(message).Select(m => m.Groups[1].Value).ToHashSet();
            var unknown = placeholders.Except(code.Arguments).ToList();
            if (unknown.Count > 0) problems.Add($"{code}: {{{string.Join("}, {", unknown)}}} is not an argument");
            // English says every argument but the field (often implied); Chinese may say less (the page shows it next to the field).
            var unused = language == "en" ? code.Arguments.Except(placeholders).Where(a => a != "field").ToList() : [];
            if (unused.Count > 0) problems.Add($"{code}: does not say {{{string.Join("}, {", unused)}}}");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [InlineData("zh-Hant")]
    [InlineData("zh-Hans")]
    public void Chinese_messages_have_no_English_words_besides_their_arguments(string language)
    {
        var english = ErrorCodes.All
            .Select(c => (c.Value, Text: ErrorText.Placeholder().Replace(MessageOf(c.Value, language) ?? "", "")))
            // Standard names printed on the goods themselves (GS1's GTIN, its YYMMDD date form) are not English sentences.
            .Select(m => (m.Value, Text: System.Text.RegularExpressions.Regex.Replace(m.Text, @"\b(GTIN|YYMMDD)\b", "")))
            // "If-Match", "ETag" and the allowed characters of a code are not sentences.
            .Where(m => System.Text.RegularExpressions.Regex.IsMatch(m.Text, "[A-Za-z]{3,}"))
            .Select(m => $"{m.Value}: {m.Text}")
            .ToList();
        Assert.True(english.Count == 0, string.Join(Environment.NewLine, english));
    }

    [Fact]
    public void A_message_is_formatted_with_its_arguments_in_the_callers_culture()
    {
        var exception = new DomainRuleException("decision", ErrorCodes.LotExpiredNotAccepted, 5, new DateOnly(2022, 1, 28));

        Assert.Equal("Line 5 expired on 2022-01-28; expired goods cannot be accepted into available stock. Reject or quarantine it.", exception.Message);
        Assert.Equal("第 5 項已於 2022-01-28 過期，過期物資不可收入可用庫存，請拒收或隔離。",
            ErrorText.Format(exception.Code, exception.Arguments, CultureInfo.GetCultureInfo("zh-Hant")));
        Assert.Equal(new Dictionary<string, object?> { ["line"] = 5, ["expiresOn"] = new DateOnly(2022, 1, 28) }, exception.Arguments);
    }

    [Fact]
    public void Quantities_are_written_with_group_separators_and_states_in_the_callers_language()
    {
        var insufficient = new DomainRuleException("quantity", ErrorCodes.StockInsufficient, 1200L, 5000L);
        var wrongState = new DomainRuleException("decision", ErrorCodes.DonationLineAlreadyDecided, 2, LineDisposition.Accepted);

        Assert.Equal("此地點只有 1,200 可用，無法取用 5,000。", ErrorText.Format(insufficient.Code, insufficient.Arguments, CultureInfo.GetCultureInfo("zh-Hant")));
        Assert.Equal("第 2 項已是「已允收」。", ErrorText.Format(wrongState.Code, wrongState.Arguments, CultureInfo.GetCultureInfo("zh-Hant")));
        Assert.Equal("Line 2 is already Accepted.", wrongState.Message);
    }
}
