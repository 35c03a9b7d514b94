using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Huayang.Gis.Benchmarks.Baselines;
using nietras.SeparatedValues;

namespace Huayang.Gis.Benchmarks;

/// <summary>
/// Splitting a CSV layer into rows of cells: Sep with the options <c>Core/IO/Formats/CsvLayerReader</c> uses, against
/// the hand-written splitter it replaced (<see cref="HandWrittenCsv"/>). The text is population cells as a planner's
/// CSV has them: an id, a community, residents, a quoted WKT polygon and a Chinese note.
/// </summary>
[MemoryDiagnoser]
public class CsvParsing
{
    private string _text = "";

    [Params(10_000, 100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("id,community_id,population,wkt,note\r\n");
        var random = new Random(2019);
        for (var i = 0; i < Rows; i++)
        {
            var (x, y) = (104.02 + random.NextDouble() * 0.06, 30.455 + random.NextDouble() * 0.065);
            text.Append(CultureInfo.InvariantCulture,
                $"cell-{i},nanhu,{random.Next(0, 400)},\"POLYGON (({x:F6} {y:F6}, {x + 0.001:F6} {y:F6}, {x + 0.001:F6} {y + 0.001:F6}, {x:F6} {y + 0.001:F6}, {x:F6} {y:F6}))\",南湖社区 第{i % 7}组\r\n");
        }

        _text = text.ToString();
    }

    [Benchmark(Baseline = true, Description = "hand-written RFC 4180")]
    public int HandWritten() => HandWrittenCsv.Parse(_text, []).Count;

    [Benchmark(Description = "Sep 0.18")]
    public int Sep()
    {
        var rows = new List<List<string>>();
        using var reader = new SepReaderOptions(new nietras.SeparatedValues.Sep(','))
        {
            HasHeader = false,
            Unescape = true,
            DisableColCountCheck = true,
            CultureInfo = CultureInfo.InvariantCulture,
        }.FromText(_text);
        foreach (var row in reader)
        {
            if (row.Span.Length == 0)
            {
                continue;
            }

            var cells = new List<string>(row.ColCount);
            for (var c = 0; c < row.ColCount; c++)
            {
                cells.Add(row[c].ToString());
            }

            rows.Add(cells);
        }

        return rows.Count;
    }
}
