using System.Text.Json;
using Huayang.Gis.Cli;

namespace Huayang.Gis.PostGis.Tests.Conformance;

/// <summary><c>huayang nearest|within|community|coverage --pg</c> answer from PostGIS exactly as from the embedded store.</summary>
public sealed class CliAgainstPostGisTests(BothStores stores) : IClassFixture<BothStores>
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public static TheoryData<string[]> Questions => new()
    {
        new[] { "nearest", "--lon", "104.05", "--lat", "30.50", "--k", "5", "--format", "json" },
        new[] { "nearest", "--lon", "104.071", "--lat", "30.462", "--k", "3", "--category", "international_school", "--format", "json" },
        new[] { "within", "--lon", "104.06", "--lat", "30.49", "--radius-m", "900", "--format", "json" },
        new[] { "within", "--lon", "104.03", "--lat", "30.51", "--radius-m", "1500", "--category", "park", "--format", "json" },
        new[] { "community", "--lon", "104.05", "--lat", "30.50", "--format", "json" },
    };

    [SkippableTheory]
    [MemberData(nameof(Questions))]
    public async Task Point_queries_print_the_same_json(string[] question)
    {
        stores.Require();
        var embedded = await Run(question);
        var postgis = await Run([.. question, "--pg", stores.ConnectionString]);
        Assert.True(embedded.Code == 0, embedded.Err);
        Assert.True(postgis.Code == 0, postgis.Err);
        Assert.False(string.IsNullOrWhiteSpace(postgis.Out));
        Assert.Equal(Normalise(embedded.Out), Normalise(postgis.Out));
    }

    [SkippableTheory]
    [InlineData("kindergarten", "5min")]
    [InlineData("middle_school", "15min")]
    public async Task Coverage_prints_the_same_figures(string category, string level)
    {
        stores.Require();
        var args = new[] { "coverage", "--category", category, "--level", level, "--format", "json" };
        var embedded = await Run(args);
        var postgis = await Run([.. args, "--pg", stores.ConnectionString]);
        Assert.True(postgis.Code == 0, postgis.Err);
        using var a = JsonDocument.Parse(embedded.Out);
        using var b = JsonDocument.Parse(postgis.Out);
        var rowsA = a.RootElement.GetProperty("communities").EnumerateArray().ToList();
        var rowsB = b.RootElement.GetProperty("communities").EnumerateArray().ToList();
        Assert.Equal(rowsA.Select(r => r.GetProperty("community_id").GetString()), rowsB.Select(r => r.GetProperty("community_id").GetString()));
        foreach (var (x, y) in rowsA.Zip(rowsB))
        {
            var population = x.GetProperty("population").GetInt32();
            Assert.Equal(population, y.GetProperty("population").GetInt32());
            Assert.InRange(y.GetProperty("covered_population").GetInt32(),
                x.GetProperty("covered_population").GetInt32() - 0.001 * population,
                x.GetProperty("covered_population").GetInt32() + 0.001 * population);
        }
        Assert.Equal(
            a.RootElement.GetProperty("total").GetProperty("covered_share").GetDouble(),
            b.RootElement.GetProperty("total").GetProperty("covered_share").GetDouble(), 0.001);
    }

    [SkippableFact]
    public async Task A_database_without_the_schema_is_a_clear_error()
    {
        await using var db = await Support.TestDatabase.CreateAsync();
        var (code, stdout, stderr) = await Run("nearest", "--lon", "104.05", "--lat", "30.5", "--pg", db.ConnectionString);
        Assert.Equal(HuayangCli.DataProblems, code);
        Assert.Contains("huayang db migrate", stderr);
        Assert.Equal("", stdout);
    }

    /// <summary>Distances are printed to the millimetre; the stores agree to well under a centimetre, so compare to the centimetre.</summary>
    private static string Normalise(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(Round(document.RootElement));
    }

    private static object? Round(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Select(Round).ToList(),
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => Round(p.Value)),
        JsonValueKind.Number => Math.Round(element.GetDouble(), 2),
        JsonValueKind.String => element.GetString(),
        _ => element.ToString(),
    };
}
