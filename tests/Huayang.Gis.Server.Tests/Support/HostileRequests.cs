using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Huayang.Gis.Server.Tests.Support;

/// <summary>One generated request: method, raw path and query (sent as is), extra headers and an optional body.</summary>
public sealed record HostileRequest(string Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body)
{
    /// <summary>For failure messages: the method and the first 300 characters of the target.</summary>
    public override string ToString() =>
        $"{Method} {(PathAndQuery.Length <= 300 ? PathAndQuery : PathAndQuery[..300] + $"… ({PathAndQuery.Length} chars)")}"
        + (Headers.Count == 0 ? "" : $" [{string.Join("; ", Headers.Select(h => $"{h.Key}: {(h.Value.Length <= 40 ? h.Value : $"({h.Value.Length} chars)")}"))}]");
}

/// <summary>
/// Malformed and hostile requests over route templates, from a seeded generator (the same seed gives the
/// same requests): wrong types, NaN and infinities, huge and negative numbers, inverted bboxes, SQL
/// fragments, path traversal, very long strings, unicode and control characters, repeated parameters, odd
/// methods and odd headers. Route parameters (<c>{id}</c>, <c>{z}</c>…) are filled with the same values.
/// </summary>
public sealed partial class HostileRequests(int seed)
{
    private static readonly string[] HostileValues =
    [
        "", " ", "abc", "NaN", "nan", "-NaN", "Infinity", "-Infinity", "∞", "1e308", "-1e308", "1e-320", "4.9e-324",
        "99999999999999999999", "-99999999999999999999", "2147483648", "-2147483649", "9223372036854775808",
        "-1", "0", "-0", "0.0", "1.5", "1,5", "0x10", "1_000", "1e", "e1", "--1", "+-1", "١٢٣", "１０４.０５",
        "true", "null", "undefined", "[]", "{}", "[1,2]", "{\"a\":1}",
        "'; DROP TABLE huayang.sites; --", "1 OR 1=1", "' OR '1'='1", "\" OR \"\"=\"", "1; SELECT pg_sleep(10)",
        "sites; DELETE FROM huayang.communities", "$1", "%' --", "\\'", "`rm -rf /`",
        "../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "....//....//etc/passwd", "..", ".", "~root",
        "\0", "a\0b", "\r\n", "\r\nX-Injected: 1", "\t", "\u0001\u0002\u001b[31m", "\u007f", "\u0085", "\u2028",
        "华阳街道", "社区", "😀", "👨‍👩‍👧‍👦", "\u202eoll", "\ufeff104.05", "\uffff", "\u0301", "Ω≈ç√∫",
        "<script>alert(1)</script>", "${jndi:ldap://x/a}", "%s%s%s%n", "{{7*7}}", "{0}", "*", "?", "#", "&", "=", "+", "%",
        "104,30,105,31", "105,31,104,30", "104.1,30.6,104.0,30.4", "1,2,3", "1,2,3,4,5", "a,b,c,d", "NaN,NaN,NaN,NaN",
        "-180,-90,180,90", "1e308,1e308,-1e308,-1e308", "104.05 30.5", "POINT(104.05 30.5)",
        "http://www.opengis.net/def/crs/EPSG/0/999999", "EPSG:4544", "CRS84",
    ];

    /// <summary>Already percent-encoded fragments, sent as they are: encoded traversal, bad escapes, invalid UTF-8.</summary>
    private static readonly string[] EncodedValues =
    [
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%252e%252e%252f",
        "%c0%ae%c0%ae%2f", "%00", "%zz", "%", "%2", "%ff%fe", "%ed%a0%80", "%e5%8d%8e%e9%98%b3", "%0d%0aSet-Cookie:%20a=b",
        "%u002e%u002e", "%3Cscript%3E", "a%20b", "+", "%2B",
    ];

    private static readonly Dictionary<string, string[]> ValidValues = new(StringComparer.Ordinal)
    {
        ["lon"] = ["104.05", "104.0312", "30.5"],
        ["lat"] = ["30.5", "30.4655", "104.05"],
        ["k"] = ["1", "3", "1000"],
        ["category"] = ["park", "kindergarten", "culture"],
        ["radius_m"] = ["0", "800", "100000"],
        ["level"] = ["5min", "10min", "15min"],
        ["status"] = ["all", "existing", "planned"],
        ["method"] = ["buffer", "network"],
        ["communities"] = ["true", "false"],
        ["bbox"] = ["104,30.4,104.1,30.6", "-180,-90,180,90"],
        ["bbox-crs"] = ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"],
        ["crs"] = ["http://www.opengis.net/def/crs/OGC/1.3/CRS84", "http://www.opengis.net/def/crs/EPSG/0/4544"],
        ["limit"] = ["10", "10000"],
        ["offset"] = ["0", "100"],
        ["f"] = ["json", "html"],
        ["id"] = ["sites", "communities", "plan", "population", "walkways", "water", "roads"],
        ["layers"] = ["sites", "communities", "sites,communities", "sites,sites"],
        ["z"] = ["0", "12", "14", "22"],
        ["x"] = ["0", "3287", "13150"],
        ["y"] = ["0", "1712", "6850"],
        ["fid"] = ["site-zhengxi-park-1", "zhengxi"],
    };

    private static readonly string[] QueryNames =
    [
        "lon", "lat", "k", "category", "radius_m", "level", "status", "method", "communities", "bbox", "bbox-crs", "crs",
        "limit", "offset", "f", "datetime", "properties", "filter", "sortby", "lon[]", "lat[0]", "__proto__", "constructor",
        "'", "%00", "名称", "LON", "Radius_M",
    ];

    /// <summary>The parameters a route reads, by a word in its template; requests start from these and break one or two.</summary>
    private static readonly (string RouteWord, string[] Names)[] RouteParameters =
    [
        ("nearest", ["lon", "lat", "category", "k"]),
        ("within", ["lon", "lat", "radius_m", "category"]),
        ("community", ["lon", "lat"]),
        ("gaps", ["category", "level", "method", "status", "communities"]),
        ("coverage", ["category", "level", "method", "status"]),
        ("items", ["bbox", "bbox-crs", "crs", "limit", "offset", "f", "category"]),
        ("collections", ["f"]),
        ("tiles", ["f"]),
    ];

    private static readonly string[] OddMethods = ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "FOO"];

    private static readonly (string Name, string Value)[] OddHeaders =
    [
        ("Accept", "garbage"), ("Accept", "text/html"), ("Accept", "image/png"), ("Accept", "application/xml"),
        ("Accept", "*/*;q=0"), ("Accept", "application/json;q=abc, */*;;;"), ("Accept", ""),
        ("If-None-Match", "*"), ("If-None-Match", "\"garbage\""), ("If-None-Match", "W/\"\", ,,"),
        ("If-Modified-Since", "yesterday"), ("If-Match", "*"), ("Range", "bytes=garbage"), ("Range", "bytes=-1-2"),
        ("Accept-Encoding", "gzip;q=NaN, br, garbage"), ("Accept-Language", "zh-CN,zh;q=0.9,en;q=abc"),
        ("Authorization", "Bearer ' OR 1=1 --"), ("Content-Crs", "<garbage>"), ("X-Forwarded-For", "../../etc/passwd"),
        ("Cookie", "a=b; ; =; c"), ("Origin", "null"),
    ];

    private readonly Random _random = new(seed);

    /// <summary><paramref name="count"/> random requests spread over <paramref name="routes"/> (each route gets count / routes of them).</summary>
    public IReadOnlyList<HostileRequest> Generate(IReadOnlyList<string> routes, int count)
    {
        var requests = new List<HostileRequest>(count);
        for (var i = 0; i < count; i++)
        {
            var route = routes[i % routes.Count];
            var query = _random.NextDouble() < 0.5 ? RouteQuery(route) : Query();
            requests.Add(new HostileRequest(Method(), MutatePath(FillRoute(route)) + query, Headers(), Body()));
        }
        return requests;
    }

    /// <summary>
    /// Boxes that once hung or crashed the server, in every CRS and endpoint that takes one: degenerate (zero width),
    /// tiny (1e-6° down to 1e-12°), enormous (1e12 m, ±1e300, the whole world), inverted, non-finite — and the largest
    /// legal requests (4096×4096 pictures with the coverage theme, 10,000 items, z0 tiles of every layer).
    /// </summary>
    public static IEnumerable<HostileRequest> Boxes()
    {
        const double Lon = 104.05, Lat = 30.5;
        var lonLatBoxes = new List<string> { "104.05,30.5,104.05,30.5", "104.05,30.5,104.05,30.6", "-180,-90,180,90", "-1e300,-1e300,1e300,1e300" };
        foreach (var size in new[] { 1e-6, 1e-7, 2e-7, 1e-8, 1e-10, 1e-12 })
        {
            lonLatBoxes.Add(Invariant($"{Lon},{Lat},{Lon + size},{Lat + size}"));
        }
        var metricBoxes = new List<(string Crs, string Box)>
        {
            ("EPSG:4544", "0,0,1e12,1e12"), ("EPSG:4544", "-1e300,-1e300,1e300,1e300"), ("EPSG:4544", "3375000,394000,3375000.000001,394000.000001"),
            ("EPSG:4544", "3375000,394000,3375000,394000"), ("EPSG:4544", "-1e12,-1e12,1e12,1e12"),
            ("EPSG:3857", "11582000,3566000,11582000.0001,3566000.0001"), ("EPSG:3857", "-20037508.34,-20037508.34,20037508.34,20037508.34"),
            ("EPSG:3857", "-1e300,-1e300,1e300,1e300"), ("EPSG:3857", "11582000,3566000,11582000,3566000"),
            ("EPSG:4326", "30.5,104.05,30.50000001,104.05000001"), ("EPSG:4326", "-90,-180,90,180"), ("EPSG:4326", "30.5,104.05,30.5,104.05"),
        };
        foreach (var box in lonLatBoxes)
        {
            foreach (var crs in new[] { "EPSG:3857", "EPSG:4326", "EPSG:4544" })
            {
                yield return Get($"/map.png?bbox={box}&crs={crs}&width=800&height=600");
                yield return Get($"/map.png?bbox={box}&crs={crs}&width=1024&height=768&theme=coverage&category=kindergarten&level=5min");
            }
            yield return Get($"/collections/population/items?bbox={box}&limit=10000");
            yield return Get($"/analysis/coverage/gaps?category=park&level=15min&communities=true&bbox={box}");
        }
        foreach (var (crs, box) in metricBoxes)
        {
            foreach (var layers in new[] { "plan", "communities,water,roads,plan,sites" })
            {
                yield return Get($"/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS={layers}&STYLES=&CRS={crs}&BBOX={box}&WIDTH=1024&HEIGHT=1024&FORMAT=image/png");
            }
            var uri = crs switch
            {
                "EPSG:4544" => "http://www.opengis.net/def/crs/EPSG/0/4544",
                "EPSG:3857" => "http://www.opengis.net/def/crs/EPSG/0/3857",
                _ => "http://www.opengis.net/def/crs/EPSG/0/4326",
            };
            yield return Get($"/collections/sites/items?bbox={box}&bbox-crs={uri}&crs={uri}&limit=10000");
        }
        // The largest legal requests.
        yield return Get("/map.png?width=4096&height=4096&theme=coverage&category=kindergarten&level=5min");
        yield return Get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=communities,water,roads,plan,sites&STYLES=&CRS=EPSG:3857&BBOX=11570000,3555000,11600000,3585000&WIDTH=4096&HEIGHT=4096&FORMAT=image/png");
        yield return Get("/collections/population/items?limit=10000");
        yield return Get("/collections/walkways/items?limit=10000&offset=0");
        yield return Get("/analysis/within?lon=104.05&lat=30.5&radius_m=100000");
        yield return Get("/analysis/nearest?lon=104.05&lat=30.5&k=1000");
        foreach (var (z, x, y) in new[] { (0, 0, 0), (1, 1, 0), (2, 3, 1), (22, 3370000, 1755000), (22, 0, 0), (22, 4194303, 4194303) })
        {
            yield return Get($"/tiles/communities,water,population,roads,walkways,plan,sites/{z}/{x}/{y}.mvt");
        }

        static HostileRequest Get(string target) => new("GET", target, [], null);
        static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The requests that must come out of each route whatever the seed: oversized values, paths and headers, and repetition.</summary>
    public static IEnumerable<HostileRequest> Oversized(IReadOnlyList<string> routes)
    {
        var hundredKb = new string('9', 100 * 1024);
        var sevenKb = new string('x', 7 * 1024);
        foreach (var route in routes)
        {
            var path = ParameterPattern().Replace(route, "sites");
            yield return Get($"{path}?lon={hundredKb}&lat=30.5");
            yield return Get($"{path}?category={sevenKb}&lon=104.05&lat=30.5&level=5min");
            yield return Get($"{path}?{string.Join("&", Enumerable.Repeat("lon=104.05", 300))}&lat=30.5");
            yield return Get($"{path}?{string.Join("&", Enumerable.Range(0, 500).Select(i => $"p{i}={i}"))}");
            yield return Get(ParameterPattern().Replace(route, new string('a', 8 * 1024)));
            yield return Get(ParameterPattern().Replace(route, new string('b', 6 * 1024)));
            yield return new HostileRequest("GET", $"{path}?lon=104.05&lat=30.5", [new("X-Huge", new string('h', 40 * 1024))], null);
            yield return new HostileRequest("GET", $"{path}?lon=104.05&lat=30.5", [new("X-Big", new string('h', 7 * 1024))], null);
            yield return new HostileRequest("POST", path, [new("Content-Type", "application/json")], new string('[', 100_000));
        }
    }

    private static HostileRequest Get(string pathAndQuery) => new("GET", pathAndQuery, [], null);

    private string Method()
    {
        var roll = _random.NextDouble();
        return roll < 0.7 ? "GET" : OddMethods[_random.Next(OddMethods.Length)];
    }

    private string FillRoute(string route) =>
        ParameterPattern().Replace(route, match =>
        {
            var name = match.Groups["name"].Value;
            return _random.NextDouble() < 0.3 && ValidValues.TryGetValue(name, out var valid)
                ? Pick(valid)
                : Value(inPath: true);
        });

    /// <summary>Sometimes a path that is almost the route: other case, extra segments, traversal, doubled slashes.</summary>
    private string MutatePath(string path)
    {
        if (_random.NextDouble() >= 0.15)
        {
            return path;
        }
        return _random.Next(6) switch
        {
            0 => path.ToUpperInvariant(),
            1 => path.TrimEnd('/') + "/" + Value(inPath: true),
            2 => path + "/../../../etc/passwd",
            3 => path.Replace("/", "//", StringComparison.Ordinal),
            4 => path + "%2f..%2f..%2fetc%2fpasswd",
            _ => path + ";jsessionid=" + Value(inPath: true),
        };
    }

    /// <summary>The parameters the route reads, each valid, then one or two of them (or a repeat) made hostile.</summary>
    private string RouteQuery(string route)
    {
        var names = RouteParameters.FirstOrDefault(r => route.Contains(r.RouteWord, StringComparison.Ordinal)).Names ?? ["f"];
        var values = names.ToDictionary(n => n, n => ValidValues.TryGetValue(n, out var valid) ? Pick(valid) : "json", StringComparer.Ordinal);
        var broken = _random.Next(0, 3);
        for (var i = 0; i < broken; i++)
        {
            values[Pick(names)] = Value(inPath: false);
        }
        var parts = values.Where(_ => _random.NextDouble() < 0.9).Select(p => $"{p.Key}={p.Value}").ToList();
        if (_random.NextDouble() < 0.1 && parts.Count > 0)
        {
            parts.Add(Pick(parts));
        }
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    private string Query()
    {
        var parameters = _random.Next(0, 6);
        var parts = new List<string>(parameters);
        for (var i = 0; i < parameters; i++)
        {
            var name = Pick(QueryNames);
            var value = _random.NextDouble() < 0.45 && ValidValues.TryGetValue(name, out var valid)
                ? Pick(valid)
                : Value(inPath: false);
            parts.Add(_random.NextDouble() < 0.05 ? Encode(name, raw: false) : $"{Encode(name, raw: false)}={value}");
        }
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    /// <summary>A hostile value, percent-encoded, or raw where that is still a valid request target.</summary>
    private string Value(bool inPath)
    {
        var roll = _random.NextDouble();
        if (roll < 0.15)
        {
            return Pick(EncodedValues);
        }
        if (roll < 0.3)
        {
            return Number();
        }
        if (roll < 0.35)
        {
            return Encode(RandomText(_random.Next(1, 2000)), raw: false);
        }
        var value = Pick(HostileValues);
        var raw = _random.NextDouble() < 0.3;
        var encoded = Encode(value, raw);
        return inPath && encoded.Length == 0 ? "%20" : encoded;
    }

    private string Number() => _random.Next(6) switch
    {
        0 => (-_random.NextDouble() * Math.Pow(10, _random.Next(0, 309))).ToString("R", CultureInfo.InvariantCulture),
        1 => (_random.NextDouble() * Math.Pow(10, _random.Next(0, 309))).ToString("R", CultureInfo.InvariantCulture),
        2 => _random.NextInt64(long.MinValue, long.MaxValue).ToString(CultureInfo.InvariantCulture),
        3 => new string('9', _random.Next(10, 400)),
        4 => "0." + new string('0', _random.Next(1, 400)) + "1",
        _ => (_random.NextDouble() * 360 - 180).ToString("R", CultureInfo.InvariantCulture),
    };

    private string RandomText(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var c = _random.Next(4) switch
            {
                0 => (char)_random.Next(0, 0x20),
                1 => (char)_random.Next(0x20, 0x7f),
                2 => (char)_random.Next(0x4e00, 0x9fff),
                _ => (char)_random.Next(0xa0, 0xd7ff),
            };
            text.Append(c);
        }
        return text.ToString();
    }

    private List<KeyValuePair<string, string>> Headers()
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (_random.NextDouble() < 0.35)
        {
            var count = _random.Next(1, 4);
            for (var i = 0; i < count; i++)
            {
                var (name, value) = OddHeaders[_random.Next(OddHeaders.Length)];
                headers.Add(new(name, value));
            }
        }
        return headers;
    }

    private string? Body() => _random.NextDouble() < 0.1 ? Pick(HostileValues) + new string('{', _random.Next(0, 5000)) : null;

    private T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];

    /// <summary>
    /// Percent-encodes <paramref name="value"/> as UTF-8; <paramref name="raw"/> leaves printable ASCII as is
    /// (quotes, semicolons, dots and slashes reach the server literally) and encodes only what a request
    /// target cannot carry: controls, space, non-ASCII and '#'.
    /// </summary>
    private static string Encode(string value, bool raw)
    {
        if (!raw)
        {
            return Uri.EscapeDataString(value);
        }
        var text = new StringBuilder(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is > 0x20 and < 0x7f && rune.Value != '#')
            {
                text.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[^}:?=]+)[^}]*\}")]
    private static partial Regex ParameterPattern();
}
