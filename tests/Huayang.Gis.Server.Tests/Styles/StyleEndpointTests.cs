using System.Net;
using System.Text.Json;
using Huayang.Gis.Server.Tests.Features;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;

namespace Huayang.Gis.Server.Tests.Styles;

/// <summary>/styles/default.json: a MapLibre style the style specification's own validator accepts, whose every URL answers.</summary>
public sealed class StyleEndpointTests(FeaturesApp app) : IClassFixture<FeaturesApp>
{
    private static readonly string Validator = Path.Combine(RepositoryRoot.Path, "tests", "Huayang.Gis.Server.Tests", "Styles", "validate-style.cjs");

    [SkippableFact]
    public async Task The_default_style_passes_the_maplibre_style_spec_validator()
    {
        Tool.Require("node", "nodejs");
        var viewer = Path.Combine(RepositoryRoot.Path, "src", "Huayang.Gis.Viewer");
        Assert.True(Directory.Exists(Path.Combine(viewer, "node_modules", "@maplibre", "maplibre-gl-style-spec")),
            "the viewer's npm packages (npm ci in src/Huayang.Gis.Viewer, run by the server's build) include @maplibre/maplibre-gl-style-spec");
        var file = Path.Combine(Path.GetTempPath(), $"huayang-style-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(file, await app.CreateClient().GetStringAsync("/styles/default.json"));
            var (code, output, error) = await Tool.RunAsync("node", Validator, viewer, file);
            Assert.True(code == 0, $"the validator found: {output} {error}");
            Assert.Equal("[]", output.Trim());

            // And a broken copy is refused: the validator is really asked.
            var broken = (await File.ReadAllTextAsync(file)).Replace("\"fill-color\"", "\"fill-colour\"", StringComparison.Ordinal);
            await File.WriteAllTextAsync(file, broken);
            var (brokenCode, brokenOutput, _) = await Tool.RunAsync("node", Validator, viewer, file);
            Assert.Equal(1, brokenCode);
            Assert.Contains("fill-colour", brokenOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_style_names_chinese_and_english_labels_and_every_url_in_it_answers()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/styles/default.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Host", response.Headers.Vary);
        using var style = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = style.RootElement;
        Assert.Equal(8, root.GetProperty("version").GetInt32());
        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        var labels = layers.Where(l => l.GetProperty("type").GetString() == "symbol" && l.GetProperty("layout").TryGetProperty("text-field", out _)).ToList();
        Assert.Contains(labels, l => l.GetProperty("layout").GetProperty("text-field").GetString() == "{name_zh}\n{name_en}");
        Assert.Contains(layers, l => l.GetProperty("id").GetString() == "plan-zone-zone-culture-arts");
        Assert.Contains(layers, l => l.GetProperty("id").GetString() == "sites-existing");

        // The colours come from the renderer's style table.
        var table = JsonDocument.Parse(await client.GetStringAsync("/map/style.json")).RootElement;
        var fill = layers.Single(l => l.GetProperty("id").GetString() == "water-fill").GetProperty("paint").GetProperty("fill-color").GetString();
        Assert.Equal(table.GetProperty("water").GetProperty("fill").GetString()!.ToLowerInvariant(), fill);

        // The source's TileJSON, a tile through it, the sprite and a glyph range all answer.
        var source = root.GetProperty("sources").GetProperty("huayang").GetProperty("url").GetString()!;
        var tileJson = JsonDocument.Parse(await client.GetStringAsync(new Uri(source).PathAndQuery)).RootElement;
        var sourceLayers = layers.Where(l => l.TryGetProperty("source-layer", out _)).Select(l => l.GetProperty("source-layer").GetString()).Distinct();
        Assert.All(sourceLayers, name => Assert.Contains(tileJson.GetProperty("vector_layers").EnumerateArray(), v => v.GetProperty("id").GetString() == name));
        var sprite = new Uri(root.GetProperty("sprite").GetString()!).PathAndQuery;
        var index = JsonDocument.Parse(await client.GetStringAsync(sprite + ".json")).RootElement;
        foreach (var site in (await app.Reference.GetFeaturesAsync("sites", null)).Select(f => (string)f.Attributes["category"]).Distinct())
        {
            Assert.True(index.TryGetProperty($"site-{site}", out _), $"the sprite has no icon for the category {site}");
            Assert.True(index.TryGetProperty($"site-{site}-planned", out _), $"the sprite has no planned icon for {site}");
        }
        using var sheet = SkiaSharp.SKBitmap.Decode(await client.GetByteArrayAsync(sprite + "@2x.png"));
        var star = JsonDocument.Parse(await client.GetStringAsync(sprite + "@2x.json")).RootElement.GetProperty("plan-point-star");
        Assert.True(star.GetProperty("x").GetInt32() + star.GetProperty("width").GetInt32() <= sheet.Width);
        Assert.Equal(2, star.GetProperty("pixelRatio").GetInt32());

        var glyphs = root.GetProperty("glyphs").GetString()!.Replace("{fontstack}", "Noto Sans CJK SC Regular", StringComparison.Ordinal)
            .Replace("{range}", "0-255", StringComparison.Ordinal);
        using var glyphResponse = await client.GetAsync(new Uri(glyphs).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, glyphResponse.StatusCode);
        Assert.Equal("application/x-protobuf", glyphResponse.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/fonts/Noto Sans CJK SC Regular/0-255.pbf", 'A')]
    [InlineData("/fonts/Noto Sans CJK SC Bold/21248-21503.pbf", '华')]
    [InlineData("/fonts/Open Sans Regular,Noto Sans CJK SC Regular/38400-38655.pbf", '阳')]
    public async Task A_glyph_range_holds_each_glyph_as_a_distance_field_of_its_size(string path, char probe)
    {
        var bytes = await app.CreateClient().GetByteArrayAsync(path.Replace(" ", "%20", StringComparison.Ordinal));
        var glyphs = GlyphPbf.Read(bytes);
        var (first, last) = RangeOf(path);
        Assert.All(glyphs, g => Assert.InRange(g.Id, first, last));
        Assert.True(glyphs.Count >= 95, $"{path}: only {glyphs.Count} glyphs");
        var glyph = glyphs.Single(g => g.Id == probe);
        Assert.True(glyph.Width > 5 && glyph.Height > 5 && glyph.Advance > 5, $"{probe}: {glyph}");
        Assert.Equal((glyph.Width + 6) * (glyph.Height + 6), glyph.Bitmap.Length);
        // A distance field: well inside the glyph's box it reaches the edge value (192) or more, at the border it is low.
        Assert.True(glyph.Bitmap.Max() >= 192, $"{probe}: no pixel inside the outline");
        Assert.True(glyph.Bitmap[0] < 100, $"{probe}: the corner pixel is {glyph.Bitmap[0]}");
    }

    [Theory]
    [InlineData("/fonts/Comic Sans/0-255.pbf", HttpStatusCode.NotFound)]
    [InlineData("/fonts/Noto Sans CJK SC Regular/1-256.pbf", HttpStatusCode.BadRequest)]
    [InlineData("/fonts/Noto Sans CJK SC Regular/65536-65791.pbf", HttpStatusCode.BadRequest)]
    [InlineData("/fonts/Noto Sans CJK SC Regular/0-99999999999999.pbf", HttpStatusCode.BadRequest)]
    [InlineData("/styles/sprite@3x.json", HttpStatusCode.NotFound)]
    public async Task Bad_glyph_and_sprite_requests_are_problems(string path, HttpStatusCode status)
    {
        using var response = await app.CreateClient().GetAsync(path.Replace(" ", "%20", StringComparison.Ordinal));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static (int First, int Last) RangeOf(string path)
    {
        var range = Path.GetFileNameWithoutExtension(path).Split('-');
        return (int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A reader of MapLibre glyph protocol buffers, written from the format's .proto, independent of the server's writer.</summary>
    private static class GlyphPbf
    {
        public sealed record Glyph(int Id, byte[] Bitmap, int Width, int Height, int Left, int Top, int Advance);

        public static List<Glyph> Read(byte[] bytes)
        {
            var glyphs = new List<Glyph>();
            foreach (var (field, stack) in Fields(bytes))
            {
                Assert.Equal(1, field);
                foreach (var (f, value) in Fields((byte[])stack))
                {
                    if (f == 3)
                    {
                        var g = Fields((byte[])value).ToDictionary(p => p.Field, p => p.Value);
                        int Int(int n) => g.TryGetValue(n, out var v) ? (int)(ulong)v : 0;
                        int SInt(int n) => g.TryGetValue(n, out var v) ? (int)((ulong)v >> 1) ^ -(int)((ulong)v & 1) : 0;
                        glyphs.Add(new Glyph(Int(1), g.TryGetValue(2, out var b) ? (byte[])b : [], Int(3), Int(4), SInt(5), SInt(6), Int(7)));
                    }
                }
            }
            return glyphs;
        }

        private static IEnumerable<(int Field, object Value)> Fields(byte[] bytes)
        {
            var i = 0;
            ulong Varint()
            {
                ulong value = 0;
                for (var shift = 0; ; shift += 7)
                {
                    var b = bytes[i++];
                    value |= (ulong)(b & 0x7F) << shift;
                    if (b < 0x80)
                    {
                        return value;
                    }
                }
            }
            while (i < bytes.Length)
            {
                var key = Varint();
                var wire = (int)(key & 7);
                var field = (int)(key >> 3);
                if (wire == 0)
                {
                    yield return (field, Varint());
                }
                else
                {
                    Assert.Equal(2, wire);
                    var length = (int)Varint();
                    yield return (field, bytes[i..(i + length)]);
                    i += length;
                }
            }
        }
    }
}
