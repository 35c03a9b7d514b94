using System.Text;

namespace Huayang.Gis.Benchmarks.Baselines;

/// <summary>
/// The hand-written RFC 4180 splitter Core used until Sep replaced it (kept here only as the baseline of
/// <see cref="CsvParsing"/>): rows of cells, blank lines skipped, a quote never closed reported.
/// </summary>
public static class HandWrittenCsv
{
    public static List<List<string>> Parse(string text, List<string> problems)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var cellWasQuoted = false;
        var line = 1;
        var quoteLine = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += ch == '\n' ? 1 : 0;
                    cell.Append(ch);
                }
            }
            else if (ch == '"' && cell.Length == 0 && !cellWasQuoted)
            {
                quoted = true;
                cellWasQuoted = true;
                quoteLine = line;
            }
            else if (ch == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
                cellWasQuoted = false;
            }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                line++;
                EndRow();
            }
            else
            {
                cell.Append(ch);
            }
        }

        if (quoted)
        {
            problems.Add($"a quoted cell opened on line {quoteLine} is never closed");
        }

        EndRow();
        return rows;

        void EndRow()
        {
            row.Add(cell.ToString());
            cell.Clear();
            if (row.Count > 1 || row[0].Length > 0 || cellWasQuoted)
            {
                rows.Add(row);
            }

            row = [];
            cellWasQuoted = false;
        }
    }
}
