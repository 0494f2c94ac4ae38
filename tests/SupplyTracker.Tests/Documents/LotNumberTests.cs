using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Documents;

/// <summary>The string a recall is matched on survives copy and paste: lot numbers are never broken across lines.</summary>
public class LotNumberTests
{
    [Theory]
    [InlineData("zh-Hant")]
    [InlineData("en")]
    public void A_lot_number_longer_than_its_column_stays_one_unbroken_string(string language)
    {
        const string lot = "LOT-2026004-4A-BATCH77-X";
        var content = SampleReceipts.Content() is var c ? c with
        {
            Accepted = [c.Accepted[0] with { LotNumber = lot }, .. c.Accepted.Skip(1)],
            Rejected = [c.Rejected[0] with { LotNumber = "Z2020-0117A-LONGLOTNUMBER" }],
        } : null!;

        var pdf = SampleReceipts.Render(content, language);
        var path = FontFallbackTests.Save(pdf, $"lot-{language}");

        Assert.Contains(lot, FontFallbackTests.PdfToText(path, "-layout"));
        Assert.Contains("Z2020-0117A-LONGLOTNUMBER", FontFallbackTests.PdfToText(path, "-layout"));
        Assert.Contains(lot, FontFallbackTests.PdfPigLines(pdf));
    }
}
