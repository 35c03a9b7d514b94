using System.Text;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// Thrown by <see cref="DatasetReader.Read(string, DatasetReadOptions)"/> when a dataset has any problem. It carries every problem
/// found, not only the first; no part of the dataset is returned.
/// </summary>
public sealed class DatasetValidationException : Exception
{
    /// <summary>How many problems the message lists before it says how many more there are.</summary>
    public const int ProblemsInMessage = 10;

    /// <param name="path">The directory or file that was read.</param>
    /// <param name="problems">Every problem found; at least one.</param>
    public DatasetValidationException(string path, IReadOnlyList<DatasetProblem> problems)
        : base(Describe(path, problems))
    {
        Path = path;
        Problems = problems;
    }

    /// <summary>The directory or file that was read, as given to the reader.</summary>
    public string Path { get; }

    /// <summary>Every problem found: each file in turn, feature by feature, then the checks between files.</summary>
    public IReadOnlyList<DatasetProblem> Problems { get; }

    private static string Describe(string path, IReadOnlyList<DatasetProblem> problems) =>
        ListProblems($"The dataset in '{path}' has {(problems.Count == 1 ? "1 problem" : $"{problems.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)} problems")}", problems);

    /// <summary>
    /// A summary line, a colon, then the first <see cref="ProblemsInMessage"/> problems one a line (indented) and how many
    /// more there are: the message of every exception that reports dataset problems.
    /// </summary>
    public static string ListProblems(string summary, IReadOnlyList<DatasetProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var text = new StringBuilder(summary).Append(':');
        foreach (var problem in problems.Take(ProblemsInMessage))
        {
            text.AppendLine().Append("  ").Append(problem);
        }
        if (problems.Count > ProblemsInMessage)
        {
            text.AppendLine().Append("  ... and ")
                .Append((problems.Count - ProblemsInMessage).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append(" more");
        }
        return text.ToString();
    }
}
