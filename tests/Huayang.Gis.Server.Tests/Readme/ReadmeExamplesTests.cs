using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Huayang.Gis.Server.Tests.Support;
using Huayang.Gis.Tests;

namespace Huayang.Gis.Server.Tests.Readme;

/// <summary>
/// Every command and <c>curl</c> example in the README's (and <c>data/README.md</c>'s) <c>sh</c>/<c>bash</c> blocks run
/// against the bundled data as a user runs them, so the README cannot drift: each <c>huayang</c> command (and
/// <c>dotnet run --project src/Huayang.Gis.Cli --</c>) runs the built CLI as a process in a scratch directory that
/// holds a copy of <c>data/</c> and the README's <c>my-sites.geojson</c> (a copy of the bundled sites) and must exit
/// 0, its JSON having the fields a comment like <c># [{id, name_zh, …}]</c> lists; each <c>curl</c> goes to the server
/// process over the bundled data and must answer 200 with every <c>"key":value</c> the comment lines below it show.
/// Commands that need a PostgreSQL server (<c>db migrate</c>, <c>load</c>) and the run, build and benchmark commands
/// are listed with the reason they are not run here; an example of any other kind fails the test until it is handled.
/// </summary>
public sealed partial class ReadmeExamplesTests
{
    private const string ReadmeAddress = "http://127.0.0.1:5080";

    /// <summary>Examples not run here, each with where it is checked instead.</summary>
    private static readonly (string Prefix, string Reason)[] NotRun =
    [
        ("dotnet run --project src/Huayang.Gis.Server", "starts the server: StartupTests and A_relative_data_directory_is_read_from_where_dotnet_run_starts below"),
        ("ConnectionStrings__PostGis=", "a PostGIS server: Hardening/DatabaseFailureTests and the PostGIS store tests"),
        ("export ConnectionStrings__PostGis=", "a PostGIS server: StoreChoiceTests"),
        ("bash tests/", "the test and benchmark scripts"),
        ("REPS=", "a benchmark script"),
        ("HUAYANG_REFRESH_GOLDEN=", "refreshes golden pictures"),
        ("dotnet build src/Huayang.Gis.Cli && export PATH", "the build these tests run after"),
        ("huayang db migrate", "needs PostgreSQL: Huayang.Gis.PostGis.Tests"),
        ("huayang load", "needs PostgreSQL: Huayang.Gis.PostGis.Tests"),
    ];

    private sealed record Example(string File, int Line, string Command, string Comment, IReadOnlyList<string> Shown);

    private static readonly Lazy<IReadOnlyList<Example>> All = new(() =>
        [.. Parse(Path.Combine(RepositoryData.RepositoryRoot, "README.md"), "README.md"),
         .. Parse(Path.Combine(RepositoryData.DataDirectory, "README.md"), "data/README.md")]);

    [Fact]
    public void Every_example_is_run_here_or_named_as_checked_elsewhere()
    {
        var unhandled = All.Value
            .Where(e => !IsCli(e) && !IsCurl(e) && !NotRun.Any(n => e.Command.StartsWith(n.Prefix, StringComparison.Ordinal)))
            .Select(e => $"{e.File}:{e.Line}: {e.Command}")
            .ToList();
        Assert.Empty(unhandled);
        Assert.Contains(All.Value, IsCli);
        Assert.Contains(All.Value, IsCurl);
    }

    [Fact]
    public async Task Every_cli_example_exits_0_with_the_fields_shown()
    {
        var scratch = Directory.CreateTempSubdirectory("huayang-readme-");
        try
        {
            CopyDirectory(RepositoryData.DataDirectory, Path.Combine(scratch.FullName, "data"));
            File.Copy(Path.Combine(RepositoryData.DataDirectory, "sites.geojson"), Path.Combine(scratch.FullName, "my-sites.geojson"));
            var ran = 0;
            foreach (var example in All.Value.Where(IsCli).Where(e => !NotRun.Any(n => e.Command.StartsWith(n.Prefix, StringComparison.Ordinal))))
            {
                var words = Words(example.Command);
                words = words[0] == "huayang" ? words[1..] : words[(words.IndexOf("--") + 1)..];
                string? redirect = null;
                if (words.IndexOf(">") is var at and >= 0)
                {
                    redirect = words[at + 1];
                    words = words[..at];
                }
                // Absolute scratch paths of the README (/tmp/huayang-x10) go into the scratch directory.
                words = [.. words.Select(w => w.StartsWith("/tmp/", StringComparison.Ordinal) ? Path.Combine(scratch.FullName, w[5..]) : w)];

                var (code, stdout, stderr) = await RunCliAsync(scratch.FullName, words);
                Assert.True(code == 0, $"{example.File}:{example.Line}: `{example.Command}` exited {code}:\n{stderr}");
                if (redirect is not null)
                {
                    await File.WriteAllTextAsync(Path.Combine(scratch.FullName, redirect), stdout);
                }
                if (FieldList().Match(example.Comment) is { Success: true } fields)
                {
                    var first = JsonNode.Parse(stdout) is JsonArray array ? array[0]! : JsonNode.Parse(stdout)!;
                    var keys = first.AsObject().Select(p => p.Key).ToList();
                    Assert.Equal(fields.Groups[1].Value.Split(", "), keys);
                }
                ran++;
            }
            Assert.True(ran >= 15, $"only {ran} CLI examples were found");

            // data/README.md: `huayang generate --out data --scale 1` rewrites the bundled files byte for byte.
            foreach (var file in Directory.GetFiles(RepositoryData.DataDirectory, "*.geojson"))
            {
                Assert.Equal(await File.ReadAllBytesAsync(file),
                    await File.ReadAllBytesAsync(Path.Combine(scratch.FullName, "data", Path.GetFileName(file))));
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Every_curl_example_answers_200_with_the_values_shown()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["ConnectionStrings__PostGis"] = "" });
        using var http = new HttpClient();
        var ran = 0;
        foreach (var example in All.Value.Where(IsCurl))
        {
            var url = Words(example.Command).Single(w => w.StartsWith(ReadmeAddress, StringComparison.Ordinal));
            var address = server.BaseAddress + url[(ReadmeAddress.Length + 1)..];
            using var response = await http.GetAsync(address);
            var body = await response.Content.ReadAsByteArrayAsync();
            var where = $"{example.File}:{example.Line}: {url}";
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{where} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");

            var shown = string.Join("\n", example.Shown);
            var type = response.Content.Headers.ContentType?.MediaType ?? "";
            if (shown.Contains("application/geo+json", StringComparison.Ordinal))
            {
                Assert.Equal("application/geo+json", type);
            }
            if (example.Command.Contains(".png", StringComparison.Ordinal))
            {
                Assert.Equal("image/png", type);
            }
            if (type.EndsWith("json", StringComparison.Ordinal))
            {
                var compact = JsonSerializer.Serialize(JsonNode.Parse(body),
                    new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                foreach (Match pair in KeyValue().Matches(shown))
                {
                    Assert.True(compact.Contains(pair.Value, StringComparison.Ordinal), $"{where}: the answer has no {pair.Value}:\n{compact[..Math.Min(compact.Length, 600)]}");
                }
            }
            ran++;
        }
        Assert.True(ran >= 8, $"only {ran} curl examples were found");
    }

    /// <summary><c>--Data:Directory data</c> from the repository root, as the README shows it, reads the repository's data/.</summary>
    [Fact]
    public async Task A_relative_data_directory_is_read_from_where_dotnet_run_starts()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "run", "--no-build", "--project", "src/Huayang.Gis.Server", "--",
                "--urls", "http://127.0.0.1:0", "--Data:Directory", "data",
            },
            WorkingDirectory = RepositoryData.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__PostGis"] = "";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var log = new StringBuilder();
        var served = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Line(string? line)
        {
            if (line is null)
            {
                served.TrySetResult(false);
                return;
            }
            lock (log)
            {
                log.AppendLine(line);
            }
            if (line.Contains("Serving the embedded store over", StringComparison.Ordinal) || line.Contains("cannot start", StringComparison.Ordinal))
            {
                served.TrySetResult(line.Contains("Serving", StringComparison.Ordinal));
            }
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Line(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var ok = await served.Task.WaitAsync(TimeSpan.FromMinutes(2));
            lock (log)
            {
                Assert.True(ok, log.ToString());
                Assert.Contains($"Serving the embedded store over {RepositoryData.DataDirectory}", log.ToString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static bool IsCli(Example e) =>
        e.Command.StartsWith("huayang ", StringComparison.Ordinal)
        || e.Command.StartsWith("dotnet run --project src/Huayang.Gis.Cli -- ", StringComparison.Ordinal);

    private static bool IsCurl(Example e) => e.Command.StartsWith("curl ", StringComparison.Ordinal);

    /// <summary>The commands of a Markdown file's <c>sh</c> and <c>bash</c> blocks: continuation lines joined, the trailing
    /// comment apart, and the comment lines that follow a command (what it shows).</summary>
    private static List<Example> Parse(string path, string name)
    {
        var examples = new List<Example>();
        var lines = File.ReadAllLines(path);
        var inBlock = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock && line.Trim() is "```sh" or "```bash";
                continue;
            }
            if (!inBlock || string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            var number = i + 1;
            var text = line;
            while (text.TrimEnd().EndsWith('\\') && i + 1 < lines.Length)
            {
                text = text.TrimEnd()[..^1] + " " + lines[++i].Trim();
            }
            var (command, comment) = SplitComment(text);
            var shown = new List<string>();
            for (var j = i + 1; j < lines.Length && lines[j].TrimStart().StartsWith('#'); j++)
            {
                shown.Add(lines[j].TrimStart()[1..]);
            }
            shown.Add(comment);
            examples.Add(new Example(name, number, command, comment, shown));
        }
        return examples;
    }

    /// <summary>The command and its trailing <c># comment</c> (a <c>#</c> outside quotes after white space).</summary>
    private static (string Command, string Comment) SplitComment(string text)
    {
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is null && c is '\'' or '"')
            {
                quote = c;
            }
            else if (quote == c)
            {
                quote = null;
            }
            else if (quote is null && c == '#' && i > 0 && char.IsWhiteSpace(text[i - 1]))
            {
                return (text[..i].Trim(), text[(i + 1)..].Trim());
            }
        }
        return (text.Trim(), "");
    }

    /// <summary>Shell words: white space separates, single and double quotes group (no escapes or variables needed here).</summary>
    private static List<string> Words(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in command)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunCliAsync(string workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(CliAssembly());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("ConnectionStrings__PostGis");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The CLI the README puts on PATH: src/Huayang.Gis.Cli/bin/{configuration}/net10.0/huayang.dll.</summary>
    private static string CliAssembly()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var built = Path.Combine(RepositoryData.RepositoryRoot, "src", "Huayang.Gis.Cli", "bin", configuration, "net10.0", "huayang.dll");
        return File.Exists(built) ? built : Path.Combine(AppContext.BaseDirectory, "huayang.dll");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    /// <summary>A comment listing an answer's fields: <c>[{id, name_zh, name_en}]</c>.</summary>
    [GeneratedRegex(@"\{([a-z_]+(?:, [a-z_]+)+)\}")]
    private static partial Regex FieldList();

    /// <summary>A JSON member shown literally: <c>"distance_m":469.473</c>, <c>"id":"zhengxi"</c>.</summary>
    [GeneratedRegex("\"[a-z_]+\":(?:\"[^\"]*\"|-?[0-9][0-9.]*)")]
    private static partial Regex KeyValue();
}
