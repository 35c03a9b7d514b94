using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.IO.Formats;

namespace Huayang.Gis.Core.Tests.IO.Formats;

/// <summary>
/// The CSV reader's splitting into rows and cells (Sep underneath), as a table: text in, rows out with cells joined
/// by <c>|</c> and rows by <c>/</c>, and the problems it reports.
/// </summary>
public sealed class CsvParseTests
{
    public static TheoryData<string, string, string, string?> Cases => new()
    {
        { "plain rows", "a,b\n1,2\n", "a|b / 1|2", null },
        { "a byte order mark is not part of the first header", "\uFEFFa,b\r\n1,2\r\n", "a|b / 1|2", null },
        { "CRLF, LF and a lone CR all end a row", "a,b\r\n1,2\n3,4\r5,6", "a|b / 1|2 / 3|4 / 5|6", null },
        { "blank lines are skipped", "a,b\n\n1,2\n\r\n\n", "a|b / 1|2", null },
        { "a quoted empty cell is a row", "a\n\"\"\n", "a / ", null },
        { "a cell of spaces is a row", "a\n \n", "a /  ", null },
        { "empty cells between commas", "a,b,c\n,,\n", "a|b|c / ||", null },
        { "quotes hold commas, doubled quotes and line breaks", "a,b\n\"x, \"\"y\"\"\nz\",2\n", "a|b / x, \"y\"\nz|2", null },
        { "a quote inside an unquoted cell is kept", "a,b\nx\"y\",2\n", "a|b / x\"y\"|2", null },
        { "rows keep their own cell counts", "a,b\n1,2,3\n4\n", "a|b / 1|2|3 / 4", null },
        { "Chinese text", "name_zh,name_en\n华阳街道,Huayang\n", "name_zh|name_en / 华阳街道|Huayang", null },
        {
            "a quote never closed takes the rest of the file and is reported on its line",
            "a,b\n\"x\ny\",2\n\"open,3\n4,5\n", "a|b / x\ny|2 / open,3\n4,5\n",
            "a quoted cell opened on line 4 is never closed"
        },
        { "a quote never closed in the header", "\"a,b\n1,2\n", "a,b\n1,2\n", "a quoted cell opened on line 1 is never closed" },
        { "an empty file has no rows", "", "", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Splits_rows_and_cells(string name, string text, string expected, string? problem)
    {
        var problems = new List<DatasetProblem>();

        var rows = CsvLayerReader.Parse(text, new ProblemScope(problems, "layer.csv"));

        Assert.Equal(expected, string.Join(" / ", rows.Select(r => string.Join("|", r))));
        Assert.NotEmpty(name);
        Assert.Equal(problem is null ? [] : [problem], problems.Select(p => p.Message));
    }
}
