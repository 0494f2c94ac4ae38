using System.Globalization;
using System.Text;

namespace SupplyTracker.Documents.Receipts;

/// <summary>An amount of yuan as a receipt writes it out: Chinese capital numerals (大寫) or English words.</summary>
public static class AmountInWords
{
    /// <summary>e.g. 9900.50 → 玖仟玖佰元伍角整 (Traditional) or 玖仟玖佰元伍角整 with 贰/叁/陆/万/亿 (Simplified).</summary>
    public static string Chinese(decimal amount, bool simplified)
    {
        var digits = simplified ? "零壹贰叁肆伍陆柒捌玖" : "零壹貳參肆伍陸柒捌玖";
        string[] small = ["", "拾", "佰", "仟"];
        string[] big = ["", simplified ? "万" : "萬", simplified ? "亿" : "億", simplified ? "万亿" : "萬億"];
        var fen = (long)Math.Round(amount * 100, MidpointRounding.AwayFromZero);
        var yuan = fen / 100;
        var jiao = (int)(fen / 10 % 10);
        var cent = (int)(fen % 10);
        var text = new StringBuilder();
        if (yuan > 0)
        {
            var groups = new List<int>();
            for (var rest = yuan; rest > 0; rest /= 10000) groups.Add((int)(rest % 10000));
            var pendingZero = false;
            for (var g = groups.Count - 1; g >= 0; g--)
            {
                var group = groups[g];
                if (group == 0) { pendingZero = true; continue; }
                if (text.Length > 0 && (pendingZero || group < 1000)) text.Append(digits[0]);
                pendingZero = false;
                var zero = false;
                for (var p = 3; p >= 0; p--)
                {
                    var d = group / (int)Math.Pow(10, p) % 10;
                    if (d == 0) { zero = text.Length > 0 && p < 3 && group % (int)Math.Pow(10, p + 1) != 0 ? true : zero; continue; }
                    if (zero && text.Length > 0 && text[^1] != digits[0]) text.Append(digits[0]);
                    zero = false;
                    text.Append(digits[d]).Append(small[p]);
                }
                text.Append(big[g]);
            }
            text.Append('元');
        }
        if (jiao > 0) text.Append(digits[jiao]).Append('角');
        else if (yuan > 0 && cent > 0) text.Append(digits[0]);
        if (cent > 0) text.Append(digits[cent]).Append('分');
        if (text.Length == 0) text.Append(digits[0]).Append('元');
        if (cent == 0) text.Append('整');
        return text.ToString();
    }

    /// <summary>e.g. 9900.50 → "Nine thousand nine hundred yuan and fifty fen".</summary>
    public static string English(decimal amount)
    {
        var fen = (long)Math.Round(amount * 100, MidpointRounding.AwayFromZero);
        var words = $"{Words(fen / 100)} yuan" + (fen % 100 > 0 ? $" and {Words(fen % 100)} fen" : "");
        return char.ToUpper(words[0], CultureInfo.InvariantCulture) + words[1..];
    }

    private static string Words(long n)
    {
        string[] ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
        string[] tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
        if (n < 20) return ones[n];
        if (n < 100) return tens[n / 10] + (n % 10 > 0 ? "-" + ones[n % 10] : "");
        if (n < 1000) return ones[n / 100] + " hundred" + (n % 100 > 0 ? " " + Words(n % 100) : "");
        foreach (var (scale, name) in new[] { (1_000_000_000_000L, "trillion"), (1_000_000_000L, "billion"), (1_000_000L, "million"), (1000L, "thousand") })
            if (n >= scale) return Words(n / scale) + " " + name + (n % scale > 0 ? " " + Words(n % scale) : "");
        return n.ToString(CultureInfo.InvariantCulture);
    }
}
