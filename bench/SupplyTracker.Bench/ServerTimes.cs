using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace SupplyTracker.Bench;

/// <summary>
/// Server-side request time, read from the service's own <c>/metrics</c> (OpenTelemetry's
/// <c>http.server.request.duration</c> histogram): the mean of the requests to one route between two scrapes.
/// </summary>
public static partial class ServerTimes
{
    public sealed record Snapshot(IReadOnlyDictionary<string, (double Sum, long Count)> Routes)
    {
        /// <summary>Mean milliseconds per request to <paramref name="route"/> since <paramref name="before"/>.</summary>
        public double MeanMsSince(Snapshot before, string route)
        {
            var (sum, count) = Routes.GetValueOrDefault(route);
            var (sum0, count0) = before.Routes.GetValueOrDefault(route);
            return count > count0 ? (sum - sum0) / (count - count0) * 1000 : double.NaN;
        }
    }

    public static async Task<Snapshot> ScrapeAsync(HttpClient admin)
    {
        var text = await admin.GetStringAsync("metrics");
        var routes = new Dictionary<string, (double Sum, long Count)>();
        foreach (Match match in Series().Matches(text))
        {
            var labels = match.Groups["labels"].Value;
            var route = Route().Match(labels) is { Success: true } r ? r.Groups[1].Value : null;
            if (route is null || !labels.Contains("http_request_method=\"GET\"", StringComparison.Ordinal)) continue;
            var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            var (sum, count) = routes.GetValueOrDefault(route);
            routes[route] = match.Groups["kind"].Value == "sum" ? (sum + value, count) : (sum, count + (long)value);
        }
        return new Snapshot(routes);
    }

    /// <summary>A client with the service's sign-in cookie, for the Razor pages (the form's antiforgery token included).</summary>
    public static async Task<HttpClient> SignedInPagesAsync(Uri baseAddress, string userName, string password)
    {
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var form = await http.GetStringAsync("Account/Login");
        var token = Antiforgery().Match(form).Groups[1].Value;
        using var posted = await http.PostAsync("Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName, ["Input.Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        if (posted.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in to the pages answered {(int)posted.StatusCode}, not a redirect.");
        return http;
    }

    [GeneratedRegex("""^http_server_request_duration_seconds_(?<kind>sum|count)\{(?<labels>[^}]*)\} (?<value>[0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex Series();

    [GeneratedRegex("http_route=\"([^\"]*)\"")]
    private static partial Regex Route();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}

/// <summary>Means of our own histograms between two scrapes of <c>/metrics</c>.</summary>
public static class Metrics
{
    /// <summary>Mean in milliseconds of histogram <paramref name="series"/> (seconds) over the series whose labels contain <paramref name="filter"/>.</summary>
    public static double MeanMs(string before, string after, string series, string filter)
    {
        var (sum1, count1) = Totals(after, series, filter);
        var (sum0, count0) = Totals(before, series, filter);
        return count1 > count0 ? (sum1 - sum0) / (count1 - count0) * 1000 : double.NaN;
    }

    /// <summary>A counter's increase between two scrapes, summed over its label sets; the first of <paramref name="names"/>
    /// the service exports (the runtime meter's names differ between instrumentation versions). NaN if none.</summary>
    public static double Increase(string before, string after, params string[] names)
    {
        foreach (var name in names)
        {
            var (found, a) = Counter(after, name);
            if (found) return a - Counter(before, name).Value;
        }
        return double.NaN;
    }

    private static (bool Found, double Value) Counter(string text, string name)
    {
        var found = false;
        double value = 0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name + " ", StringComparison.Ordinal) && !line.StartsWith(name + "{", StringComparison.Ordinal)) continue;
            var rest = line[(line.LastIndexOf('}') + 1)..].Trim();
            if (!line.Contains('{')) rest = line[name.Length..].Trim();
            value += double.Parse(rest.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            found = true;
        }
        return (found, value);
    }

    private static (double Sum, double Count) Totals(string text, string series, string filter)
    {
        double sum = 0, count = 0;
        foreach (var line in text.Split('\n'))
        {
            var isSum = line.StartsWith(series + "_sum", StringComparison.Ordinal);
            var isCount = line.StartsWith(series + "_count", StringComparison.Ordinal);
            if (!isSum && !isCount || !line.Contains(filter, StringComparison.Ordinal)) continue;
            // name{labels} value [timestamp]
            var rest = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ');
            var value = double.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture);
            if (isSum) sum += value; else count += value;
        }
        return (sum, count);
    }
}
