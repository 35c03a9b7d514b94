using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Huayang.Gis.Tests;

namespace Huayang.Gis.Server.Tests.Features;

/// <summary>
/// The hostile edit corpus (<c>HostileEdits/</c>, written by <c>make_corpus.py</c>, described by its manifest): every
/// body is refused with 4xx problem+json whose text names what is wrong, never 5xx, never a hang, never a 2xx, and the
/// tables are byte for byte as they were, after each body and after the whole corpus. The bodies beyond the size
/// limit (4 MB and 1 byte; 100 MB) are made while they are sent, not kept.
/// </summary>
public sealed class HostileEditTests(EditApp app) : IClassFixture<EditApp>
{
    private static readonly string Folder = Path.Combine(RepositoryRoot.Path, "tests", "Huayang.Gis.Server.Tests", "Features", "HostileEdits");

    /// <summary>One case of the manifest.</summary>
    public sealed record Case(
        string File, string Method, string Collection, string? FeatureId, string? ContentType, string? ContentCrs,
        string Status, IReadOnlyList<string> Names, string Description);

    private static readonly Lazy<IReadOnlyList<Case>> Manifest = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "manifest.json")));
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        return document.RootElement.GetProperty("cases").Deserialize<List<Case>>(options)!;
    });

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Manifest.Value)
        {
            data.Add(entry.File);
        }

        return data;
    }

    [Fact]
    public void The_corpus_has_at_least_200_bodies_each_a_file_in_the_manifest()
    {
        var files = Directory.GetFiles(Folder, "*.json").Select(f => Path.GetFileName(f)!).Where(f => f != "manifest.json").Order().ToList();
        Assert.True(files.Count >= 200, $"{files.Count} bodies");
        Assert.Equal(files, Manifest.Value.Select(c => c.File).Order().ToList());
        Assert.All(Manifest.Value, c => Assert.Contains(c.Method, new[] { "POST", "PUT", "PATCH" }));
    }

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public async Task A_hostile_body_is_refused_with_a_problem_naming_it_and_changes_nothing(string file)
    {
        var entry = Manifest.Value.Single(c => c.File == file);
        var before = await app.TablesChecksumAsync();
        var failure = await SendAsync(entry);
        Assert.True(failure is null, $"{file} ({entry.Description}): {failure}");
        Assert.True(before == await app.TablesChecksumAsync(), $"{file} ({entry.Description}) changed the tables");
    }

    [SkippableFact]
    public async Task After_the_whole_corpus_every_table_is_as_it_was()
    {
        var before = await app.TablesChecksumAsync();
        var failures = new List<string>();
        foreach (var entry in Manifest.Value)
        {
            if (await SendAsync(entry) is { } failure)
            {
                failures.Add($"{entry.File}: {failure}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Manifest.Value.Count} cases failed:\n{string.Join("\n", failures)}");
        Assert.Equal(before, await app.TablesChecksumAsync());
    }

    [SkippableTheory]
    [InlineData(4 * 1024 * 1024 + 1, false)]
    [InlineData(100L * 1024 * 1024, false)]
    [InlineData(100L * 1024 * 1024, true)]
    public async Task A_body_beyond_4_MB_is_413_whether_or_not_its_length_is_announced(long length, bool announced)
    {
        var before = await app.TablesChecksumAsync();
        using var client = app.Client(EditApp.AliceKey);
        using var content = new GeneratedBody(length, announced);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var response = await client.PostAsync("collections/sites/items", content, timeout.Token);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("at most", text, StringComparison.Ordinal);
        Assert.Equal(before, await app.TablesChecksumAsync());
    }

    /// <summary>Sends one case; null when the answer is what the manifest expects, else what was wrong.</summary>
    private async Task<string?> SendAsync(Case entry)
    {
        using var client = app.Client(EditApp.AliceKey);
        var path = $"collections/{Uri.EscapeDataString(entry.Collection)}/items"
            + (entry.FeatureId is { } id ? "/" + Uri.EscapeDataString(id) : "");
        using var request = new HttpRequestMessage(new HttpMethod(entry.Method), path)
        {
            Content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(Folder, entry.File))),
        };
        if (entry.ContentType is { } type)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }

        if (entry.ContentCrs is { } crs)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Crs", crs);
        }

        if (entry.FeatureId is not null)
        {
            // The body is what is wrong, not the version: send the current one (any, for a feature that does not exist).
            using var current = await client.GetAsync(path + "?f=json");
            request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag?.Tag ?? "\"1.0\"");
        }

        HttpResponseMessage response;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            response = await client.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return "no answer within 30 s (a hang)";
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            var shown = text.Length > 600 ? text[..600] + "…" : text;
            if (status is < 400 or >= 500)
            {
                return $"answered {status}, not 4xx: {shown}";
            }

            if (entry.Status != "4xx" && entry.Status != status.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return $"answered {status}, not {entry.Status}: {shown}";
            }

            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return $"{status} as {response.Content.Headers.ContentType?.MediaType ?? "no type"}, not application/problem+json";
            }

            var words = ProblemWords(text);
            if (words is null || !words.Contains("\"detail\":", StringComparison.Ordinal))
            {
                return $"{status} with no detail: {shown}";
            }

            var missing = entry.Names.Where(n => !words.Contains(n, StringComparison.Ordinal)).ToList();
            return missing.Count == 0 ? null : $"{status}, but the problem does not name {string.Join(", ", missing.Select(m => $"\"{m}\""))}: {shown}";
        }
    }

    /// <summary>The problem's text with its strings unescaped (so that a value with quotes or Chinese can be found).</summary>
    private static string? ProblemWords(string text)
    {
        try
        {
            var node = JsonNode.Parse(text);
            var words = new StringBuilder();
            Collect(node, words);
            return words.ToString();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Collect(JsonNode? node, StringBuilder words)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    words.Append('"').Append(name).Append("\": ");
                    Collect(value, words);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, words);
                }

                break;
            case JsonValue v:
                words.Append(v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()).Append('\n');
                break;
        }
    }

    /// <summary>A feature whose name never ends: made while it is sent, counting what the server took.</summary>
    private sealed class GeneratedBody(long length, bool announced) : HttpContent
    {
        public long Sent { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var head = Encoding.UTF8.GetBytes("{\"type\": \"Feature\", \"properties\": {\"name_en\": \"");
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'a');
            head.CopyTo(chunk, 0);
            while (Sent < length)
            {
                var size = (int)Math.Min(chunk.Length, length - Sent);
                await stream.WriteAsync(chunk.AsMemory(0, size));
                Sent += size;
                if (Sent == size)
                {
                    Array.Fill(chunk, (byte)'a', 0, head.Length);
                }
            }
        }

        protected override bool TryComputeLength(out long computed)
        {
            computed = length;
            return announced;
        }
    }
}
