using System.Diagnostics;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Graphics;

namespace SupplyTracker.Tests.Documents;

/// <summary>Donor names from outside the seed data: every character comes back out of the PDF, drawn by a font that has it.</summary>
public class FontFallbackTests
{
    public static TheoryData<string, string> Names()
    {
        var data = new TheoryData<string, string>();
        foreach (var language in new[] { "zh-Hant", "zh-Hans", "en" })
        {
            data.Add("𠀀𡈽𨋢𠮷野家貿易行", language);
            data.Add("愛心車隊 🚑❤️👍", language);
            data.Add("جمعية الهلال الأحمر الكويتي", language);
            data.Add("Kuwait Red Crescent Society (جمعية الهلال الأحمر)", language);
            data.Add("Cafe\u0301 Rene\u0301e Zu\u0308rich", language);
            data.Add(new string('中', 20) + string.Concat(Enumerable.Repeat("Abcdefghij", 4)), language);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_donor_name_comes_back_out_of_the_receipt_exactly(string donor, string language)
    {
        var pdf = SampleReceipts.Render(SampleReceipts.Content(donor: donor), language);
        var path = Save(pdf, $"name-{language}-{Math.Abs(donor.GetHashCode(StringComparison.Ordinal))}");

        // A long name wraps inside its column: its lines are joined, nothing else is changed.
        Assert.Contains(donor, PdfPigLines(pdf).Replace("\n", "", StringComparison.Ordinal));
        Assert.Contains(Poppler(donor), Poppler(PdfToText(path)));
        Assert.DoesNotContain(PdfPigLetters(pdf), l => l.Value == "\0" || l.Value == "\uFFFD");
        AssertEveryFontIsAnEmbeddedSubset(path);
    }

    /// <summary>
    /// What pdftotext can be compared on: without the embedding marks it wraps right-to-left text in, line breaks of a
    /// wrapped field joined, and (a poppler limitation, not the PDF's: its /ActualText reads "لا") the two letters of a
    /// lam-alef ligature in the order poppler's bidi pass leaves them, and brackets (poppler moves a bracket that
    /// stands where the direction changes to the other side; the rendering has it right).
    /// </summary>
    internal static string Poppler(string text)
    {
        var cleaned = new StringBuilder();
        foreach (var c in text)
            if (c is not ('\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\n' or '(' or ')')) cleaned.Append(c);
        return System.Text.RegularExpressions.Regex.Replace(cleaned.ToString(), "\u0644([\u0622\u0623\u0625\u0627])", "$1\u0644");
    }

    internal static string Save(byte[] pdf, string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"st-documents-{name}.pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }

    internal static string PdfToText(string path, params string[] options) => Run("pdftotext", [.. options, path, "-"]);

    internal static void AssertEveryFontIsAnEmbeddedSubset(string path)
    {
        var lines = Run("pdffonts", [path]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // name type... encoding emb sub uni object ID
            Assert.True(columns[^5] == "yes" && columns[^4] == "yes" && columns[^3] == "yes", $"not an embedded subset with a ToUnicode map: {line}");
            Assert.Matches("^[A-Z]{6}\\+", columns[0]);
        }
    }

    internal static IReadOnlyList<Letter> PdfPigLetters(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return [.. document.GetPages().SelectMany(p => p.Letters)];
    }

    /// <summary>
    /// PdfPig's letters in content order, each line's run of letters joined, with /ActualText standing in for the glyphs
    /// it covers (joined Arabic forms, ligatures): what a reader that honours ActualText extracts.
    /// </summary>
    internal static string PdfPigLines(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            var actual = new Dictionary<int, (string Text, bool First)>();
            foreach (var content in Flatten(page.GetMarkedContents()))
            {
                if (content.ActualText is not { } replacement) continue;
                var first = true;
                foreach (var letter in content.Letters)
                {
                    actual[letter.TextSequence] = (replacement, first);
                    first = false;
                }
            }
            Letter? previous = null;
            foreach (var letter in page.Letters)
            {
                // Spaces are drawn glyphs, so only the change of line is added.
                if (previous is not null && Math.Abs(letter.StartBaseLine.Y - previous.StartBaseLine.Y) > 1) text.Append('\n');
                if (actual.TryGetValue(letter.TextSequence, out var replacement))
                {
                    if (replacement.First) text.Append(replacement.Text);
                }
                else text.Append(letter.Value);
                previous = letter;
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static IEnumerable<MarkedContentElement> Flatten(IEnumerable<MarkedContentElement> elements) =>
        elements.SelectMany(e => new[] { e }.Concat(Flatten(e.Children)));

    internal static string Run(string tool, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
        return output;
    }
}
