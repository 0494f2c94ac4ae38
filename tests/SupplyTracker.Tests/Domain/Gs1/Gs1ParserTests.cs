using SupplyTracker.Domain;
using SupplyTracker.Domain.Gs1;

namespace SupplyTracker.Tests.Domain.Gs1;

/// <summary>The GS1 General Specifications' own examples (and their rules) read back element by element.</summary>
public sealed class Gs1ParserTests
{
    private const char GS = Gs1Parser.GroupSeparator;
    private static readonly DateOnly Today = new(2026, 12, 1);

    public static TheoryData<string, string> SpecificationExamples => new()
    {
        // The GS1 example of a GTIN with expiry and batch, in its human-readable form…
        { "(01)09501101020917(17)190508(10)ABCD1234", "(01)09501101020917(17)190508(10)ABCD1234" },
        // …as the element string a GS1 DataMatrix carries: 01 and 17 have predefined lengths, the lot runs to the end.
        { "]d2" + "0109501101020917" + "17190508" + "10ABCD1234", "(01)09501101020917(17)190508(10)ABCD1234" },
        // The same in GS1-128 and GS1 QR Code, with the lot first and FNC1 (GS) ending it.
        { "]C11" + "0ABCD1234" + GS + "0109501101020917" + "17190508", "(10)ABCD1234(01)09501101020917(17)190508" },
        { "]Q3" + "10ABCD1234" + GS + "0109501101020917" + "17190508", "(10)ABCD1234(01)09501101020917(17)190508" },
        // GS1 DataMatrix with a month-only expiry (day 00) and a serial number after the lot.
        { "]d201095011015300031714070010AB-123" + GS + "21123456789", "(01)09501101530003(17)140700(10)AB-123(21)123456789" },
        // An SSCC on a pallet label, and a logistic unit with the GTIN of its contents and their count.
        { "]C100106141412345678908", "(00)106141412345678908" },
        { "]C10209501101020917" + "3720", "(02)09501101020917(37)20" },
        // Net weight (a predefined-length AI, 3103) followed by no separator before the next AI.
        { "0195012345678903310300012310XYZ", "(01)95012345678903(3103)000123(10)XYZ" },
        // A leading FNC1 (sent as GS) and a trailing Enter from a keyboard-wedge scanner are ignored.
        { GS + "0109501101020917" + "10ABCD1234\r\n", "(01)09501101020917(10)ABCD1234" },
    };

    [Theory]
    [MemberData(nameof(SpecificationExamples))]
    public void Reads_the_specification_examples_element_by_element(string scanned, string humanReadable)
    {
        Assert.Equal(humanReadable, Gs1Parser.Parse(scanned, Today).ToString());
    }

    [Fact]
    public void Reads_gtin_lot_and_expiry_of_the_specification_example()
    {
        var code = Gs1Parser.Parse("(01)09501101020917(17)190508(10)ABCD1234", Today);

        Assert.Equal("09501101020917", code.Gtin);
        Assert.Equal("ABCD1234", code.LotNumber);
        Assert.Equal(new DateOnly(2019, 5, 8), code.ExpiresOn);
    }

    [Fact]
    public void An_expiry_day_of_00_is_the_last_day_of_that_month()
    {
        Assert.Equal(new DateOnly(2014, 7, 31), Gs1Parser.Parse("]d201095011015300031714070010AB-123", Today).ExpiresOn);
        Assert.Equal(new DateOnly(2028, 2, 29), Gs1Parser.Parse("(01)09501101020917(17)280200", Today).ExpiresOn);
        Assert.Equal(new DateOnly(2027, 2, 28), Gs1Parser.Parse("(01)09501101020917(17)270200", Today).ExpiresOn);
    }

    [Fact]
    public void A_variable_length_ai_at_the_end_needs_no_separator()
    {
        // The DataMatrix of a medicine pack: a GS only after the lot, the serial number runs to the end.
        var code = Gs1Parser.Parse("]d2010506091751001110628S93R" + GS + "17241000218898847482518646", Today);

        Assert.Equal("05060917510011", code.Gtin);
        Assert.Equal("628S93R", code.LotNumber);
        Assert.Equal(new DateOnly(2024, 10, 31), code.ExpiresOn);
        Assert.Equal("8898847482518646", code.SerialNumber);
    }

    [Theory]
    [InlineData("]E09501101020917", "09501101020917")] // EAN-13 with its symbology identifier
    [InlineData("9501101020917", "09501101020917")] // EAN-13 digits
    [InlineData("629104150021" + "3", "06291041500213")]
    [InlineData("036000291452", "00036000291452")] // UPC-A (GTIN-12)
    [InlineData("95012346", "00000095012346")] // EAN-8 (GTIN-8)
    [InlineData("]E495012346", "00000095012346")]
    [InlineData("19501101020914", "19501101020914")] // GTIN-14 of a case (ITF-14)
    public void A_bare_gtin_of_8_12_13_or_14_digits_is_read_as_a_gtin_14(string scanned, string gtin)
    {
        var code = Gs1Parser.Parse(scanned, Today);

        Assert.Equal(gtin, code.Gtin);
        Assert.Single(code.Elements);
    }

    [Theory]
    [InlineData("(30)120", 120L, null)]
    [InlineData("0209501101020917" + "3720", null, 20L)]
    public void Reads_counts_as_whole_numbers(string scanned, long? variableCount, long? containedCount)
    {
        var code = Gs1Parser.Parse(scanned, Today);

        Assert.Equal(variableCount, code.VariableCount);
        Assert.Equal(containedCount, code.ContainedCount);
    }

    [Theory]
    // GS1 General Specifications, determination of century: within 49 years back and 50 forward of the current year.
    [InlineData(2026, 76, 2076)]
    [InlineData(2026, 77, 1977)]
    [InlineData(2026, 0, 2000)]
    [InlineData(2098, 2, 2102)]
    [InlineData(2098, 48, 2148)]
    [InlineData(2050, 0, 2100)]
    [InlineData(2049, 0, 2000)]
    [InlineData(2049, 99, 2099)]
    [InlineData(2050, 99, 2099)]
    [InlineData(2051, 0, 2100)]
    public void Two_digit_years_take_the_century_the_gs1_rule_gives(int currentYear, int yy, int year)
    {
        Assert.Equal(year, Gs1Parser.CenturyOf(yy, currentYear));
    }

    public static TheoryData<string, string> BadCodes => new()
    {
        { "(01)09501101020918(17)190508(10)ABCD1234", "wrong check digit" },
        { "9501101020918", "wrong check digit" },
        { "]d20109501101020918", "wrong check digit" },
        { "(01)09501101020917(17)201300", "no month 13" },
        { "(01)09501101020917(17)210230", "no day 30" },
        { "0109501101020917" + "17201300", "no month 13" },
        { "(01)09501101020917(04)1", "does not know: (04)" },
        { "0109501101020917" + "0412", "does not know: (04" },
        { "(01)09501101020917(30)12.5", "whole number" },
        { "0109501101020917" + "3012.5", "whole number" },
        { "(01)09501101020917(30)0", "greater than zero" },
        { "(01)0950110102091", "needs 14 characters" },
        { "0109501101", "needs 14 characters" },
        { "(10)" + new string('A', 21), "1 to 20 characters" },
        { "10" + new string('A', 21), "separator" },
        { "(10)AB#1", "'#'" },
        { "(01)09501101020917(01)09501101530003", "twice" },
        { "]d1HELLO", "does not carry GS1 data" },
        { "   ", "empty" },
        { "ABC", "should start an application identifier" },
    };

    [Theory]
    [MemberData(nameof(BadCodes))]
    public void Refuses_a_bad_code_with_a_clear_message_on_the_code_field(string scanned, string says)
    {
        var error = Assert.Throws<DomainValidationException>(() => Gs1Parser.Parse(scanned, Today));

        Assert.Equal("code", error.Field);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9501101020917", true)]
    [InlineData("09501101020917", true)]
    [InlineData("9501101020918", false)]
    [InlineData("95012346", true)]
    [InlineData("106141412345678908", true)] // an SSCC uses the same check digit
    public void The_check_digit_is_the_gs1_mod_10(string number, bool valid)
    {
        Assert.Equal(valid, Gtin.HasValidCheckDigit(number));
    }

    [Fact]
    public void A_gtin_is_normalised_to_14_digits_or_refused_naming_its_field()
    {
        Assert.Equal("09501101020917", Gtin.Normalize("950-1101-02091 7"));
        var error = Assert.Throws<DomainValidationException>(() => Gtin.Normalize("9501101020918", "gtins"));
        Assert.Equal("gtins", error.Field);
        Assert.Contains("should be 7", error.Message, StringComparison.Ordinal);
    }
}
