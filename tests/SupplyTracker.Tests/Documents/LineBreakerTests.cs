using SupplyTracker.Documents.Layout;

namespace SupplyTracker.Tests.Documents;

public class LineBreakerTests
{
    // Every character one unit wide keeps the expectations readable.
    private static float Width(string text) => text.Length;

    [Fact]
    public void Chinese_breaks_between_any_two_characters()
    {
        Assert.Equal(["蘭州市公安", "局高新分局"], LineBreaker.Break("蘭州市公安局高新分局", 5, Width));
    }

    [Fact]
    public void Latin_breaks_only_at_spaces()
    {
        Assert.Equal(["thank you", "for your", "effort"], LineBreaker.Break("thank you for your effort", 9, Width));
    }

    [Fact]
    public void A_word_longer_than_the_line_is_never_cut_but_gets_a_line_of_its_own()
    {
        Assert.Equal(["abc", "supercalifragilistic", "de"], LineBreaker.Break("abc supercalifragilistic de", 10, Width));
    }

    [Fact]
    public void A_lot_number_with_hyphens_and_digits_is_one_piece()
    {
        Assert.Equal(["Z2020-0117A"], LineBreaker.Segments("Z2020-0117A"));
        Assert.Equal(["ALC-202001"], LineBreaker.Segments("ALC-202001"));
    }

    [Fact]
    public void An_english_word_is_never_split()
    {
        Assert.Equal(["240", "bottles"], LineBreaker.Break("240 bottles", 7, Width));
    }

    [Fact]
    public void Closing_punctuation_never_starts_a_line()
    {
        var lines = LineBreaker.Break("特此致謝，謝謝。", 4, Width);

        Assert.DoesNotContain(lines, l => l.StartsWith('，') || l.StartsWith('。'));
        Assert.Equal("特此致謝，謝謝。", string.Concat(lines));
    }

    [Fact]
    public void Opening_punctuation_never_ends_a_line()
    {
        var lines = LineBreaker.Break("經辦人（簽字）", 3, Width);

        Assert.DoesNotContain(lines, l => l.EndsWith('（'));
    }

    [Fact]
    public void Mixed_text_breaks_at_the_boundary_between_scripts()
    {
        Assert.Equal(["國藥准字", "Z20040063"], LineBreaker.Break("國藥准字Z20040063", 10, Width));
    }

    [Fact]
    public void Newlines_start_new_lines()
    {
        Assert.Equal(["ab", "", "cd"], LineBreaker.Break("ab\n\ncd", 10, Width));
    }
}
