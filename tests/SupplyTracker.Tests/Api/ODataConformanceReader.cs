using System.Xml;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;

namespace SupplyTracker.Tests.Api;

/// <summary>
/// Reads responses with Microsoft.OData.Core's ODataMessageReader (the reference implementation) against the model the
/// service publishes at $metadata, with every validation on: a payload passes only if a library we did not write accepts it.
/// </summary>
public sealed class ODataConformanceReader(IEdmModel model)
{
    public IEdmModel Model { get; } = model;

    public static async Task<ODataConformanceReader> FromMetadataAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/odata/$metadata");
        response.EnsureSuccessStatusCode();
        using var xml = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        if (!CsdlReader.TryParse(xml, out var model, out var errors))
            throw new InvalidOperationException("$metadata does not parse: " + string.Join("; ", errors.Select(e => e.ErrorMessage)));
        return new ODataConformanceReader(model);
    }

    public IEdmEntitySet Set(string name) => Model.EntityContainer.FindEntitySet(name) ?? throw new InvalidOperationException($"No entity set {name}.");

    public static ODataMessageReaderSettings Strict(bool dynamicProperties = false) => new()
    {
        Validations = dynamicProperties ? ValidationKinds.All & ~ValidationKinds.ThrowOnUndeclaredPropertyForNonOpenType : ValidationKinds.All,
        EnableMessageStreamDisposal = false,
        MaxProtocolVersion = ODataVersion.V401,
    };

    public async Task<ODataMessageReader> OpenAsync(HttpResponseMessage response, ODataMessageReaderSettings? settings = null)
    {
        var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return new ODataMessageReader(new ResponseMessage(response, body), settings ?? Strict(), Model);
    }

    /// <summary>The top-level resources of a resource set (nested, expanded ones are read and validated, not returned).</summary>
    public async Task<List<ODataResource>> ReadResourceSetAsync(HttpResponseMessage response, IEdmNavigationSource source, bool dynamicProperties = false)
    {
        using var reader = await OpenAsync(response, Strict(dynamicProperties));
        var resources = new List<ODataResource>();
        var odata = reader.CreateODataResourceSetReader((IEdmEntitySetBase)source, source.EntityType);
        var depth = 0;
        while (odata.Read())
        {
            if (odata.State is ODataReaderState.ResourceStart or ODataReaderState.ResourceSetStart or ODataReaderState.NestedResourceInfoStart) depth++;
            if (odata.State is ODataReaderState.ResourceEnd or ODataReaderState.ResourceSetEnd or ODataReaderState.NestedResourceInfoEnd) depth--;
            if (odata.State == ODataReaderState.ResourceEnd && depth == 1 && odata.Item is ODataResource resource) resources.Add(resource);
        }
        return resources;
    }

    public async Task<ODataResource> ReadResourceAsync(HttpResponseMessage response, IEdmNavigationSource source)
    {
        using var reader = await OpenAsync(response);
        var odata = reader.CreateODataResourceReader(source, source.EntityType);
        ODataResource? top = null;
        var depth = 0;
        while (odata.Read())
        {
            if (odata.State is ODataReaderState.ResourceStart or ODataReaderState.ResourceSetStart or ODataReaderState.NestedResourceInfoStart) depth++;
            if (odata.State is ODataReaderState.ResourceEnd or ODataReaderState.ResourceSetEnd or ODataReaderState.NestedResourceInfoEnd) depth--;
            if (odata.State == ODataReaderState.ResourceEnd && depth == 0) top = (ODataResource)odata.Item;
        }
        return top ?? throw new InvalidOperationException("No resource in the payload.");
    }

    public async Task<object?> ReadPropertyValueAsync(HttpResponseMessage response, IEdmTypeReference type)
    {
        using var reader = await OpenAsync(response);
        return reader.ReadProperty(type).Value;
    }

    public async Task<Uri> ReadReferenceAsync(HttpResponseMessage response)
    {
        using var reader = await OpenAsync(response);
        return reader.ReadEntityReferenceLink().Url;
    }

    public async Task<List<Uri>> ReadReferencesAsync(HttpResponseMessage response)
    {
        using var reader = await OpenAsync(response);
        return [.. reader.ReadEntityReferenceLinks().Links.Select(l => l.Url)];
    }

    public async Task<ODataError> ReadErrorAsync(HttpResponseMessage response)
    {
        using var reader = await OpenAsync(response);
        return reader.ReadError();
    }

    /// <summary>Each part of a JSON $batch response: its status and its body.</summary>
    public async Task<List<(int Status, string Body)>> ReadBatchAsync(HttpResponseMessage response)
    {
        using var reader = await OpenAsync(response);
        var batch = reader.CreateODataBatchReader();
        var parts = new List<(int, string)>();
        while (batch.Read())
        {
            if (batch.State != ODataBatchReaderState.Operation) continue;
            var part = batch.CreateOperationResponseMessage();
            using var stream = part.GetStream();
            parts.Add((part.StatusCode, await new StreamReader(stream).ReadToEndAsync()));
        }
        return parts;
    }

    private sealed class ResponseMessage(HttpResponseMessage response, Stream body) : IODataResponseMessage
    {
        private readonly Dictionary<string, string> _headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);

        public IEnumerable<KeyValuePair<string, string>> Headers => _headers;

        public int StatusCode { get => (int)response.StatusCode; set { } }

        public string? GetHeader(string headerName) => _headers.GetValueOrDefault(headerName);

        public void SetHeader(string headerName, string headerValue) => _headers[headerName] = headerValue;

        public Stream GetStream() => body;
    }
}
