using SupplyTracker.Documents.Receipts;

namespace SupplyTracker.Tests.Documents;

public class AmountInWordsTests
{
    [Theory]
    [InlineData("9900", "玖仟玖佰元整")]
    [InlineData("10005", "壹萬零伍元整")]
    [InlineData("1010", "壹仟零壹拾元整")]
    [InlineData("100000", "壹拾萬元整")]
    [InlineData("7500.5", "柒仟伍佰元伍角整")]
    [InlineData("12.05", "壹拾貳元零伍分")]
    [InlineData("0.05", "伍分")]
    [InlineData("100200300", "壹億零貳拾萬零參佰元整")]
    public void Amounts_are_written_in_chinese_capital_numerals(string amount, string expected)
    {
        Assert.Equal(expected, AmountInWords.Chinese(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), simplified: false));
    }

    [Fact]
    public void Simplified_capitals_use_simplified_characters()
    {
        Assert.Equal("叁万贰仟元整", AmountInWords.Chinese(32000m, simplified: true));
    }

    [Fact]
    public void English_amounts_are_written_in_words()
    {
        Assert.Equal("Nine thousand nine hundred yuan and fifty fen", AmountInWords.English(9900.50m));
    }
}

public class VerificationCodeTests
{
    [Theory]
    [InlineData("abcd-efgh-jkmn-pqrs", "ABCDEFGHJKMNPQRS")]
    [InlineData("0OIl 1", "00111")]
    public void A_code_is_read_case_and_confusable_insensitively(string typed, string normalized)
    {
        Assert.Equal(normalized, SupplyTracker.Features.Receipts.ReceiptDrafting.NormalizeCode(typed));
    }

    [Fact]
    public void The_receipt_prints_the_code_and_the_short_link_under_the_qr_code()
    {
        var text = FontFallbackTests.PdfPigLines(SampleReceipts.Render(SampleReceipts.Content()));

        Assert.Contains("ABCD-EFGH-JKMN-PQRS", text);
        Assert.Contains("/verify/ST-2026-000123", text);
        Assert.Contains("人民幣（大寫）：玖仟玖佰元整", text);
        // One line was not accepted: the wording must not say all were entered into stock.
        Assert.DoesNotContain("已全部登記入庫", text);
    }
}
