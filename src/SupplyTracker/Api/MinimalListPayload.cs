using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.OData.Edm;
using Microsoft.AspNetCore.OData.Extensions;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace SupplyTracker.Api;

/// <summary>
/// The commonest API read — a page of an entity set, filtered, sorted and paged but not shaped (no <c>$select</c>,
/// <c>$expand</c>, <c>$apply</c>, <c>$compute</c>, <c>$search</c>), asked for as plain JSON — written straight with a
/// <see cref="Utf8JsonWriter"/> from the rows <see cref="ApiQueryAttribute"/> already read, instead of through OData's
/// serializer (per row and per property it builds resource contexts and looks the EDM up again: about two thirds of
/// the CPU of such a request). The payload is the one OData writes in minimal metadata: <c>@odata.context</c>, the
/// count and next link OData computed, the rows with the EDM's structural properties in the EDM's order and names,
/// enums by member name, dates and times as OData formats them. Anything else — another metadata level or Accept
/// parameter, a Prefer header, an entity type with an ETag, a stream, derived types or a property that is not a
/// primitive or enum — goes through OData's serializer as before.
/// </summary>
internal static class MinimalListPayload
{
    public const string ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8";

    private static readonly HashSet<string> Options = new(StringComparer.OrdinalIgnoreCase) { "$top", "$skip", "$filter", "$orderby", "$count" };
    private static readonly ConcurrentDictionary<(IEdmModel, IEdmEntitySet, Type), RowWriter?> Writers = new();
    private static readonly JsonEncodedText Context = JsonEncodedText.Encode("@odata.context");
    private static readonly JsonEncodedText Count = JsonEncodedText.Encode("@odata.count");
    private static readonly JsonEncodedText NextLink = JsonEncodedText.Encode("@odata.nextLink");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.Default, SkipValidation = true };

    private static long _written;

    /// <summary>How many lists this process has written this way (for tests: that the direct path was taken).</summary>
    internal static long Written => Interlocked.Read(ref _written);

    /// <summary>Replaces the result with the direct writer when the request and the rows allow it.</summary>
    public static void TryReplace(ActionExecutedContext context)
    {
        // ApiQuery has read the rows already: a TruncatedCollection (a page with a next link) or the list as an EnumerableQuery.
        if (context.Result is not ObjectResult { Value: IEnumerable rows, StatusCode: null or StatusCodes.Status200OK } || rows is string
            || rows is not (ICollection or EnumerableQuery)) return;
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) || !PlainJsonAsked(request)) return;
        foreach (var key in request.Query.Keys)
            if (!Options.Contains(key)) return;
        var feature = request.ODataFeature();
        if (feature.Path is not { Count: 1 } path || path.FirstSegment is not EntitySetSegment { EntitySet: var set } || feature.Model is not { } model) return;
        var elementType = rows is IQueryable queryable ? queryable.ElementType : rows.GetType().IsGenericType ? rows.GetType().GetGenericArguments()[0] : null;
        if (elementType is null || !typeof(IEnumerable<>).MakeGenericType(elementType).IsInstanceOfType(rows)) return;
        if (Writers.GetOrAdd((model, set, elementType), static k => RowWriter.Create(k.Item1, k.Item2, k.Item3)) is not { } writer) return;
        context.Result = new Payload(writer, rows, set.Name, feature.TotalCount, feature.NextLink);
    }

    // Accept absent, */*, application/* or application/json without parameters (OData's default answer: minimal metadata).
    private static bool PlainJsonAsked(HttpRequest request)
    {
        if (request.Headers.ContainsKey("Prefer")) return false;
        var accept = request.Headers.Accept;
        if (accept.Count == 0) return true;
        if (accept.Count > 1) return false;
        var text = accept[0];
        return string.IsNullOrEmpty(text) || text is "*/*" or "application/json" or "application/*";
    }

    private sealed class Payload(RowWriter writer, IEnumerable rows, string setName, long? count, Uri? nextLink) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ContentType;
            var buffer = new ArrayBufferWriter<byte>(32 * 1024);
            await using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            {
                json.WriteStartObject();
                json.WriteString(Context, ServiceRoot(context.HttpContext.Request) + "$metadata#" + setName);
                if (count is { } total) json.WriteNumber(Count, total);
                json.WritePropertyName(Value);
                json.WriteStartArray();
                foreach (var row in rows) writer.Write(json, row);
                json.WriteEndArray();
                if (nextLink is not null) json.WriteString(NextLink, nextLink.IsAbsoluteUri ? nextLink.AbsoluteUri : nextLink.OriginalString);
                json.WriteEndObject();
            }
            response.ContentLength = buffer.WrittenCount;
            Interlocked.Increment(ref _written);
            await response.Body.WriteAsync(buffer.WrittenMemory, context.HttpContext.RequestAborted);
        }
    }

    private static readonly ConcurrentDictionary<(string, HostString, PathString), string> Roots = new();

    // What OData writes before $metadata: the scheme, host and base path the request came by, then the route prefix.
    private static string ServiceRoot(HttpRequest request) =>
        Roots.Count < 64
            ? Roots.GetOrAdd((request.Scheme, request.Host, request.PathBase), static (_, r) => Root(r), request)
            : Root(request);

    private static string Root(HttpRequest request)
    {
        var link = request.CreateODataLink();
        return link.EndsWith('/') ? link : link + "/";
    }

    /// <summary>Writes one row: the EDM's structural properties, in its order, read with compiled getters.</summary>
    private sealed class RowWriter(Type type, PropertyWriter[] properties)
    {
        public void Write(Utf8JsonWriter json, object row)
        {
            if (row.GetType() != type) throw new InvalidOperationException($"A {row.GetType().Name} in a list of {type.Name}.");
            json.WriteStartObject();
            foreach (var property in properties) property.Write(json, row);
            json.WriteEndObject();
        }

        /// <summary>Null when the set's rows need anything of OData's serializer this writer does not do.</summary>
        public static RowWriter? Create(IEdmModel model, IEdmEntitySet set, Type clrType)
        {
            var entityType = set.EntityType;
            if (entityType.IsOpen || entityType.HasStream || entityType.IsAbstract || entityType.BaseType is not null
                || model.FindAllDerivedTypes(entityType).Any()) return null;
            if (model.GetAnnotationValue<Microsoft.OData.ModelBuilder.ClrTypeAnnotation>(entityType)?.ClrType != clrType) return null;
            // An ETag per row (@odata.etag) is OData's to compute.
            if (model.FindVocabularyAnnotations<Microsoft.OData.Edm.Vocabularies.IEdmVocabularyAnnotation>(set, Microsoft.OData.Edm.Vocabularies.V1.CoreVocabularyModel.ConcurrencyTerm).Any()
                || clrType.GetProperties().Any(p => p.GetCustomAttribute<System.ComponentModel.DataAnnotations.ConcurrencyCheckAttribute>() is not null)) return null;
            var writers = new List<PropertyWriter>();
            foreach (var property in entityType.StructuralProperties())
            {
                var clr = clrType.GetProperty(ClrName(model, property), BindingFlags.Public | BindingFlags.Instance);
                if (clr?.GetMethod is null || PropertyWriter.Create(property, clr) is not { } writer) return null;
                writers.Add(writer);
            }
            return new RowWriter(clrType, [.. writers]);
        }

        private static string ClrName(IEdmModel model, IEdmProperty property) => model.GetClrPropertyName(property) ?? property.Name;
    }

    /// <summary>One property: its encoded name and a typed getter that writes the value as OData does in JSON.</summary>
    private abstract class PropertyWriter(JsonEncodedText name)
    {
        protected JsonEncodedText Name { get; } = name;

        public abstract void Write(Utf8JsonWriter json, object row);

        public static PropertyWriter? Create(IEdmStructuralProperty property, PropertyInfo clr)
        {
            var type = property.Type;
            if (type.IsCollection() || type.IsStructured()) return null;
            var name = JsonEncodedText.Encode(property.Name);
            var clrType = Nullable.GetUnderlyingType(clr.PropertyType) ?? clr.PropertyType;
            if (type.IsEnum())
            {
                var enumType = (IEdmEnumType)type.Definition;
                if (enumType.IsFlags || !clrType.IsEnum) return null;
                // The EDM's member names are the CLR's (the convention builder keeps them): check, or leave it to OData.
                var names = Enum.GetNames(clrType);
                if (enumType.Members.Count() != names.Length || enumType.Members.Any(m => !names.Contains(m.Name, StringComparer.Ordinal))) return null;
            }
            var method = clrType == clr.PropertyType ? nameof(Plain) : nameof(OfNullable);
            var make = typeof(PropertyWriter).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(clr.DeclaringType!, clrType);
            return (PropertyWriter?)make.Invoke(null, [name, clr]);
        }

        private static PropertyWriter? Plain<TRow, TValue>(JsonEncodedText name, PropertyInfo clr) =>
            Values<TValue>.Write is { } write ? new Writer<TRow, TValue>(name, clr.GetMethod!.CreateDelegate<Func<TRow, TValue>>(), write) : null;

        private static PropertyWriter? OfNullable<TRow, TValue>(JsonEncodedText name, PropertyInfo clr) where TValue : struct =>
            Values<TValue>.Write is { } write ? new NullableWriter<TRow, TValue>(name, clr.GetMethod!.CreateDelegate<Func<TRow, TValue?>>(), write) : null;

        /// <summary>How OData writes a value of this CLR type in JSON (null: not one this writer knows).</summary>
        private static class Values<T>
        {
            public static readonly Action<Utf8JsonWriter, JsonEncodedText, T>? Write = Create();

            private static Action<Utf8JsonWriter, JsonEncodedText, T>? Create()
            {
                object? write = typeof(T) switch
                {
                    var t when t == typeof(string) => new Action<Utf8JsonWriter, JsonEncodedText, string>((j, n, v) => j.WriteString(n, v)),
                    var t when t == typeof(int) => new Action<Utf8JsonWriter, JsonEncodedText, int>((j, n, v) => j.WriteNumber(n, v)),
                    var t when t == typeof(long) => new Action<Utf8JsonWriter, JsonEncodedText, long>((j, n, v) => j.WriteNumber(n, v)),
                    var t when t == typeof(short) => new Action<Utf8JsonWriter, JsonEncodedText, short>((j, n, v) => j.WriteNumber(n, v)),
                    var t when t == typeof(byte) => new Action<Utf8JsonWriter, JsonEncodedText, byte>((j, n, v) => j.WriteNumber(n, v)),
                    var t when t == typeof(bool) => new Action<Utf8JsonWriter, JsonEncodedText, bool>((j, n, v) => j.WriteBoolean(n, v)),
                    var t when t == typeof(decimal) => new Action<Utf8JsonWriter, JsonEncodedText, decimal>((j, n, v) => j.WriteNumber(n, v)),
                    var t when t == typeof(Guid) => new Action<Utf8JsonWriter, JsonEncodedText, Guid>((j, n, v) => j.WriteString(n, v)),
                    var t when t == typeof(DateOnly) => new Action<Utf8JsonWriter, JsonEncodedText, DateOnly>((j, n, v) => WriteDate(j, n, v)),
                    var t when t == typeof(DateTime) => new Action<Utf8JsonWriter, JsonEncodedText, DateTime>((j, n, v) => WriteUtc(j, n, v)),
                    var t when t == typeof(DateTimeOffset) => new Action<Utf8JsonWriter, JsonEncodedText, DateTimeOffset>((j, n, v) => WriteUtc(j, n, v.UtcDateTime)),
                    { IsEnum: true } => typeof(EnumNames<>).MakeGenericType(typeof(T)).GetField("Write")!.GetValue(null),
                    _ => null,
                };
                return (Action<Utf8JsonWriter, JsonEncodedText, T>?)write;
            }
        }

        /// <summary>An enum by member name, as OData writes it (a value that is no member: its number, as text).</summary>
        private static class EnumNames<TEnum> where TEnum : struct, Enum
        {
            private static readonly Dictionary<TEnum, JsonEncodedText> Names = Enum.GetValues<TEnum>().Distinct().ToDictionary(v => v, v => JsonEncodedText.Encode(v.ToString()));

            public static readonly Action<Utf8JsonWriter, JsonEncodedText, TEnum> Write = (j, n, v) =>
            {
                if (Names.TryGetValue(v, out var text)) j.WriteString(n, text);
                else j.WriteString(n, v.ToString());
            };
        }

        private static void WriteDate(Utf8JsonWriter json, JsonEncodedText name, DateOnly value)
        {
            Span<char> text = stackalloc char[10];
            value.TryFormat(text, out var written, "yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);
            json.WriteString(name, text[..written]);
        }

        // OData converts a DateTime to a DateTimeOffset in its time zone (UTC here) and writes it as xs:dateTime: the
        // seconds' fraction without trailing zeros (none at all when it is zero), then Z.
        private static void WriteUtc(Utf8JsonWriter json, JsonEncodedText name, DateTime value)
        {
            var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
            Span<char> text = stackalloc char[40];
            utc.TryFormat(text, out var written, "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
            json.WriteString(name, text[..written]);
        }

        private sealed class Writer<TRow, TValue>(JsonEncodedText name, Func<TRow, TValue> get, Action<Utf8JsonWriter, JsonEncodedText, TValue> write)
            : PropertyWriter(name)
        {
            public override void Write(Utf8JsonWriter json, object row)
            {
                var value = get((TRow)row);
                if (value is null) json.WriteNull(Name);
                else write(json, Name, value);
            }
        }

        private sealed class NullableWriter<TRow, TValue>(JsonEncodedText name, Func<TRow, TValue?> get, Action<Utf8JsonWriter, JsonEncodedText, TValue> write)
            : PropertyWriter(name) where TValue : struct
        {
            public override void Write(Utf8JsonWriter json, object row)
            {
                var value = get((TRow)row);
                if (value is { } present) write(json, Name, present);
                else json.WriteNull(Name);
            }
        }
    }
}
