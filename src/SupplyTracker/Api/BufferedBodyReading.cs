using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.OData.Formatter.Deserialization;
using Microsoft.AspNetCore.OData.Formatter.Wrapper;
using Microsoft.AspNetCore.OData.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OData;
using Microsoft.OData.Edm;

namespace SupplyTracker.Api;

/// <summary>
/// An OData request body (a POST, PUT or PATCH of an entity) is read whole into the request's buffer before the action's
/// parameters are bound, so that <see cref="BufferedResourceDeserializer"/> can parse it with ODataLib's synchronous
/// reader: the asynchronous one awaits per JSON token, and reading a 3-line donation cost about 1.2 ms of CPU, 8.6% of the
/// service's CPU under the intake load (bench/README.md, "Session 8"). The buffer is the one an Idempotency-Key
/// request already has (<see cref="Infrastructure.IdempotencyMiddleware"/> hashes the body): in memory up to 30 KB, in a
/// temporary file beyond, up to the server's request size limit as before.
/// </summary>
public sealed class BufferODataBodyFilter : IAsyncResourceFilter
{
    private static readonly object Marker = new();

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (ODataErrors.IsOData(request) && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
            && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0 || request.Body.CanSeek))
        {
            try
            {
                request.EnableBuffering();
                await request.Body.DrainAsync(context.HttpContext.RequestAborted);
                request.Body.Position = 0;
                context.HttpContext.Items[Marker] = Marker;
            }
            catch (BadHttpRequestException)
            {
                // Too large or cut short: left to the formatter, which reads it as before and answers the same error.
            }
        }
        await next();
    }

    /// <summary>Whether this request's body is all in its buffer, so that reading it never waits for the network.</summary>
    public static bool IsBuffered(HttpRequest request) => request.HttpContext.Items.ContainsKey(Marker) && request.Body.CanSeek;
}

/// <summary>
/// OData's entity deserializer with the synchronous reader when the body is buffered (<see cref="BufferODataBodyFilter"/>):
/// the same ODataLib reader and settings, the same resource wrappers and the same <see cref="ODataResourceDeserializer.ReadInline"/>,
/// so the same values and the same errors; only the awaits per token are gone. Otherwise the asynchronous reader, as before.
/// </summary>
public sealed class BufferedResourceDeserializer(IODataDeserializerProvider deserializerProvider) : ODataResourceDeserializer(deserializerProvider)
{
    public override Task<object> ReadAsync(ODataMessageReader messageReader, Type type, ODataDeserializerContext readContext)
    {
        if (messageReader is null || readContext?.Request is not { } request || !BufferODataBodyFilter.IsBuffered(request)
            || readContext.ResourceEdmType is not IEdmStructuredTypeReference structuredType)
            return base.ReadAsync(messageReader!, type, readContext!);
        IEdmNavigationSource? navigationSource = null;
        if (structuredType.IsEntity())
        {
            navigationSource = readContext.Path?.GetNavigationSource();
            if (navigationSource is null) return base.ReadAsync(messageReader, type, readContext);
        }
        try
        {
            var reader = messageReader.CreateODataResourceReader(navigationSource, structuredType.StructuredDefinition());
            var resource = reader.ReadResourceOrResourceSet() as ODataResourceWrapper
                ?? throw new ODataException("The request body is not an entity.");
            return Task.FromResult(ReadInline(resource, structuredType, readContext));
        }
        catch (Exception e)
        {
            return Task.FromException<object>(e);
        }
    }
}
