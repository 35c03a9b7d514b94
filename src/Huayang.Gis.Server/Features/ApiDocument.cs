using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Huayang.Gis.Core.Store;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Huayang.Gis.Server.Features;

/// <summary>
/// <c>/api</c>: the OpenAPI 3.0 document that ASP.NET Core generates from every mapped endpoint (the
/// features API, and whatever else the server maps), with the query parameters the features handlers read
/// themselves; <c>/api.html</c>: the same endpoints as a page a person can read.
/// </summary>
internal static partial class ApiDocument
{
    public static IServiceCollection Add(IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Huayang.Gis",
                    Version = "1.0",
                    Description = "华阳街道 GIS: OGC API – Features (Part 1 core, GeoJSON, HTML, OpenAPI 3.0; Part 2 CRS) and the " +
                        "other services of the Huayang planning server. Errors are RFC 9457 problem+json.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DeclareResponseContent);
        });

    /// <summary>
    /// Every declared response gets its content types (ASP.NET Core leaves them out when no body type is named):
    /// pictures, tiles and glyphs as binary strings, JSON and problem+json as objects, text and XML as strings.
    /// </summary>
    private static Task DeclareResponseContent(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var declared in context.Description.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>())
        {
            var key = declared.StatusCode.ToString(CultureInfo.InvariantCulture);
            if (declared.StatusCode is 204 or 304 || operation.Responses is null)
            {
                continue;
            }
            if (!operation.Responses.TryGetValue(key, out var found))
            {
                operation.Responses[key] = found = new OpenApiResponse { Description = ReasonPhrases.GetReasonPhrase(declared.StatusCode) };
            }
            if (found is not OpenApiResponse response)
            {
                continue;
            }
            foreach (var mediaType in declared.ContentTypes)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                if (!response.Content.ContainsKey(mediaType))
                {
                    response.Content[mediaType] = new OpenApiMediaType { Schema = SchemaOf(mediaType) };
                }
            }
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema SchemaOf(string mediaType) =>
        mediaType.Contains("json", StringComparison.Ordinal)
            ? new OpenApiSchema { Type = JsonSchemaType.Object }
            : mediaType.StartsWith("text/", StringComparison.Ordinal)
                ? new OpenApiSchema { Type = JsonSchemaType.String }
                : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/api");
        endpoints.MapGet("/api.html", (EndpointDataSource routes) => TypedResults.Content(Page(routes), "text/html; charset=utf-8"))
            .ExcludeFromDescription();
    }

    /// <summary>An operation transformer declaring string query parameters an endpoint reads from the query itself.</summary>
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> QueryParameters(
        params (string Name, string Description)[] parameters) => (operation, _, _) =>
    {
        foreach (var (name, description) in parameters)
        {
            Add(operation, new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        return Task.CompletedTask;
    };

    /// <summary>Declares <c>f</c>.</summary>
    public static Task FormatOnly(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        Add(operation, Format());
        return Task.CompletedTask;
    }

    /// <summary>Declares <c>f</c> and <c>crs</c>.</summary>
    public static Task FeatureParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        Add(operation, Format());
        Add(operation, Crs("crs", "The CRS of the response geometry, in its own axis order; default CRS84. The Content-Crs header names it."));
        return Task.CompletedTask;
    }

    /// <summary>Declares the items parameters, and one equality filter per property of any layer.</summary>
    public static async Task ItemsParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        Add(operation, Format());
        Add(operation, new OpenApiParameter
        {
            Name = "bbox",
            In = ParameterLocation.Query,
            Style = ParameterStyle.Form,
            Explode = false,
            Description = "Only features whose geometry intersects the box: lower corner, upper corner, in the axis order of " +
                "bbox-crs (CRS84: lon,lat,lon,lat).",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                MinItems = 4,
                MaxItems = 4,
                Items = new OpenApiSchema { Type = JsonSchemaType.Number },
            },
        });
        Add(operation, Crs("bbox-crs", "The CRS of bbox; default CRS84."));
        Add(operation, Crs("crs", "The CRS of the response geometry, in its own axis order; default CRS84. The Content-Crs header names it."));
        Add(operation, new OpenApiParameter
        {
            Name = "limit",
            In = ParameterLocation.Query,
            Description = string.Create(CultureInfo.InvariantCulture,
                $"Features per page; larger values are served as {FeatureQuery.MaxLimit}."),
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Minimum = "1",
                Maximum = FeatureQuery.MaxLimit.ToString(CultureInfo.InvariantCulture),
                Default = JsonValue.Create(Features.ItemsParameters.DefaultLimit),
            },
        });
        Add(operation, new OpenApiParameter
        {
            Name = "offset",
            In = ParameterLocation.Query,
            Description = "Features to skip, in id order; the next and prev links carry it.",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Minimum = "0",
                Maximum = Features.ItemsParameters.MaxOffset.ToString(CultureInfo.InvariantCulture),
                Default = JsonValue.Create(0),
            },
        });
        Add(operation, new OpenApiParameter
        {
            Name = "datetime",
            In = ParameterLocation.Query,
            Description = "An RFC 3339 instant or interval. The layers have no temporal properties, so it selects nothing out.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        AddFilterParameters(operation);
        var store = context.ApplicationServices.GetRequiredService<ISpatialStore>();
        var properties = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var layer in (await store.GetStateAsync(cancellationToken)).Layers.Names)
        {
            foreach (var name in (await store.DescribeLayerAsync(layer, cancellationToken)).PropertyNames)
            {
                if (!properties.TryGetValue(name, out var layers))
                {
                    properties[name] = layers = [];
                }
                layers.Add(layer);
            }
        }
        foreach (var (name, layers) in properties)
        {
            if (Features.ItemsParameters.Standard.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }
            Add(operation, new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Description = $"Only features whose property {name} equals the value (numbers as JSON writes them). " +
                    $"A property of: {string.Join(", ", layers)}; in other collections the parameter is refused.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }

    private static OpenApiParameter Format() => new()
    {
        Name = "f",
        In = ParameterLocation.Query,
        Description = "The representation: json (GeoJSON for features) or html. Without it, the Accept header decides.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("json"), JsonValue.Create("html")] },
    };

    private static OpenApiParameter Crs(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Description = description,
        Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Format = "uri",
            Enum = OutputCrs.All.Select(c => (JsonNode)JsonValue.Create(c.Uri)).ToList(),
        },
    };

    private static void Add(OpenApiOperation operation, OpenApiParameter parameter)
    {
        operation.Parameters ??= [];
        if (!operation.Parameters.Any(p => p.Name == parameter.Name && p.In == parameter.In))
        {
            operation.Parameters.Add(parameter);
        }
    }

    /// <summary>
    /// The API page: every endpoint with its summary, and for each operation of <c>/api</c> a form to try it — its path
    /// and query parameters as fields, the answer's status, headers and body (pictures shown) below. Everything is in
    /// the page (no script or style from elsewhere), so it works offline.
    /// </summary>
    private static string Page(EndpointDataSource routes)
    {
        var encoder = HtmlEncoder.Create(UnicodeRanges.All);
        var html = new StringBuilder(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Huayang.Gis API</title>" +
            "<style>body{font-family:sans-serif;margin:1.5em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #bbb;" +
            "padding:.25em .5em;text-align:left}details{margin:.4em 0;border:1px solid #ccd;padding:.3em .6em}summary{cursor:pointer}" +
            "label{display:inline-block;margin:.2em .8em .2em 0}input{width:14em}pre{background:#f6f6f6;padding:.5em;max-height:24em;overflow:auto;" +
            "white-space:pre-wrap}code.m{font-weight:bold;color:#064}</style></head><body><h1>Huayang.Gis API</h1>" +
            "<p>The machine-readable definition is <a href=\"api\">/api</a> (OpenAPI 3.0). Try any GET below: fill in the fields and " +
            "send; the answer appears under the form.</p><div id=\"try\"><p>Reading /api …</p></div>" +
            "<h2>Every endpoint</h2><table><tr><th>method</th><th>path</th><th>summary</th></tr>\n");
        var rows = routes.Endpoints.OfType<RouteEndpoint>()
            .Select(e => (
                Methods: string.Join(", ", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []),
                Path: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                Summary: e.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? ""))
            .Distinct()
            .OrderBy(r => r.Path, StringComparer.Ordinal);
        foreach (var (methods, path, summary) in rows)
        {
            html.Append("<tr><td>").Append(encoder.Encode(methods)).Append("</td><td>").Append(encoder.Encode(path))
                .Append("</td><td>").Append(encoder.Encode(summary)).Append("</td></tr>\n");
        }
        return html.Append("</table>").Append(TryScript).Append("</body></html>\n").ToString();
    }

    /// <summary>The page's script: forms from /api, answers shown in the page.</summary>
    private const string TryScript = """
        <script>
        (async () => {
          const root = document.getElementById('try');
          const el = (tag, props = {}, ...children) => { const e = Object.assign(document.createElement(tag), props); e.append(...children); return e; };
          let api;
          try { api = await (await fetch('api')).json(); } catch (e) { root.textContent = 'cannot read /api: ' + e; return; }
          root.textContent = '';
          for (const [path, operations] of Object.entries(api.paths).sort()) {
            const get = operations.get;
            if (!get) continue;
            const form = el('form');
            const fields = [];
            for (const p of get.parameters ?? []) {
              if (p.in !== 'path' && p.in !== 'query') continue;
              const input = el('input', { name: p.name, placeholder: p.schema?.default ?? p.schema?.enum?.[0] ?? '', title: p.description ?? '' });
              input.dataset.in = p.in;
              fields.push(input);
              form.append(el('label', {}, `${p.name}${p.in === 'path' ? ' *' : ''} `, input));
            }
            const answer = el('div');
            form.append(el('button', { type: 'submit', textContent: 'Send' }), answer);
            form.addEventListener('submit', async (event) => {
              event.preventDefault();
              let url = path.slice(1);
              const query = new URLSearchParams();
              for (const f of fields) {
                const value = f.value || (f.dataset.in === 'path' ? f.placeholder : '');
                if (f.dataset.in === 'path') url = url.replace(`{${f.name}}`, encodeURIComponent(value));
                else if (value) query.append(f.name, value);
              }
              const target = url + (query.size ? '?' + query : '');
              answer.replaceChildren(el('p', { textContent: 'GET /' + target + ' …' }));
              const started = performance.now();
              try {
                const response = await fetch(target);
                const type = response.headers.get('Content-Type') ?? '';
                const head = el('pre', { className: 'headers', textContent: `${response.status} ${response.statusText} in ${Math.round(performance.now() - started)} ms\n` +
                  [...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n') });
                let body;
                if (type.startsWith('image/')) body = el('img', { src: URL.createObjectURL(await response.blob()), alt: 'answer' });
                else if (/json|xml|text|html/.test(type)) { const text = await response.text(); body = el('pre', { className: 'body', textContent: text.length > 20000 ? text.slice(0, 20000) + '\n…' : text }); }
                else body = el('p', { className: 'body', textContent: `${(await response.arrayBuffer()).byteLength} bytes of ${type || 'no type'}` });
                answer.replaceChildren(el('p', {}, el('a', { href: target, textContent: '/' + target })), head, body);
              } catch (e) { answer.replaceChildren(el('p', { textContent: 'failed: ' + e })); }
            });
            root.append(el('details', {}, el('summary', {}, el('code', { className: 'm', textContent: 'GET' }), ' ', path, ' — ', get.summary ?? ''), form));
          }
        })();
        </script>
        """;
}
