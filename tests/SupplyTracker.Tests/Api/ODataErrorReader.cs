using System.Text.Json;
using Microsoft.OData;
using SupplyTracker.Api;

namespace SupplyTracker.Tests.Api;

/// <summary>
/// Reads an /odata error response the way an OData client does: <c>Microsoft.OData.Core</c>'s
/// <c>ODataMessageReader.ReadError()</c> against the service's own EDM, with every validation on; it fails on anything
/// that is not the OData JSON error format. Also checks the headers every /odata response carries.
/// </summary>
public static class ODataErrorReader
{
    public static async Task<ODataError> ReadODataErrorAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.Headers.TryGetValues("OData-Version", out var version), "an /odata error carries OData-Version");
        Assert.Contains(version!.Single(), new[] { "4.0", "4.01" });
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var message = new ResponseMessage((int)response.StatusCode, response.Content.Headers.ContentType!.ToString(), body);
        var settings = new ODataMessageReaderSettings { Validations = ValidationKinds.All, EnableMessageStreamDisposal = true };
        using var reader = new ODataMessageReader((IODataResponseMessage)message, settings, EdmModel.Build());
        var error = reader.ReadError();
        Assert.False(string.IsNullOrEmpty(error.Code), "an error has a code");
        Assert.False(string.IsNullOrEmpty(error.Message), "an error has a message");
        return error;
    }

    /// <summary>The <c>error</c> object as plain JSON, for what ODataError does not expose.</summary>
    public static async Task<JsonElement> ErrorJsonAsync(this HttpResponseMessage response)
    {
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Single(root.EnumerateObject());
        return root.GetProperty("error");
    }

    /// <summary>The details as one object, target → messages (the shape the field tests read).</summary>
    public static async Task<JsonElement> FieldErrorsAsync(this HttpResponseMessage response)
    {
        var error = await response.ErrorJsonAsync();
        var byTarget = (error.TryGetProperty("details", out var details) ? details.EnumerateArray().ToList() : [])
            .GroupBy(d => d.GetProperty("target").GetString() ?? "")
            .ToDictionary(g => g.Key, g => g.Select(d => d.GetProperty("message").GetString()).ToArray());
        return JsonSerializer.SerializeToElement(byTarget);
    }

    /// <summary>The messages of the details whose target is the field.</summary>
    public static string[] DetailsFor(this ODataError error, string target) =>
        [.. (error.Details ?? []).Where(d => d.Target == target).Select(d => d.Message)];

    public static bool HasDetailFor(this ODataError error, string target) => error.DetailsFor(target).Length > 0;

    private sealed class ResponseMessage(int status, string contentType, byte[] body) : IODataResponseMessage
    {
        private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = contentType };

        public IEnumerable<KeyValuePair<string, string>> Headers => _headers;

        public int StatusCode { get => status; set => throw new NotSupportedException(); }

        public string? GetHeader(string headerName) => _headers.GetValueOrDefault(headerName);

        public void SetHeader(string headerName, string headerValue) => _headers[headerName] = headerValue;

        public Stream GetStream() => new MemoryStream(body, writable: false);
    }
}
