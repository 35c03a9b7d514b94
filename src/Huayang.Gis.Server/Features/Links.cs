using Microsoft.Extensions.Primitives;

namespace Huayang.Gis.Server.Features;

/// <summary>A link of an OGC API resource.</summary>
internal sealed record Link(string Href, string Rel, string Type, string? Title = null);

/// <summary>Absolute URLs on this server, as the request reached it.</summary>
internal sealed class Urls(HttpRequest request)
{
    public const string GeoJson = "application/geo+json";
    public const string Json = "application/json";
    public const string Html = "text/html";
    public const string OpenApi = "application/vnd.oai.openapi+json;version=3.0";

    private readonly string _base = $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>A path on this server with optional <c>f</c>.</summary>
    public string To(string path, string? f = null) => f is null ? _base + path : $"{_base}{path}?f={f}";

    /// <summary>This request's path with its query, one parameter replaced (or removed with null), the others kept in order.</summary>
    public string Self(string name, string? value)
    {
        var pairs = new List<KeyValuePair<string, StringValues>>();
        var replaced = false;
        foreach (var (key, values) in request.Query)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                replaced = true;
                if (value is not null)
                {
                    pairs.Add(new(key, value));
                }
            }
            else
            {
                pairs.Add(new(key, values));
            }
        }
        if (!replaced && value is not null)
        {
            pairs.Add(new(name, value));
        }
        return _base + request.Path + QueryString.Create(pairs);
    }
}
