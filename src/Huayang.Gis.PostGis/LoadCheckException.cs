using System.Globalization;
using Huayang.Gis.Core.IO;

namespace Huayang.Gis.PostGis;

/// <summary>
/// The tables as <see cref="PostGisLoader.LoadAsync"/> would have left them break a cross-layer rule of
/// <c>huayang validate</c> (a reference to a missing id or category, or population cells that do not add up to
/// their community's population), typically because a merging load kept rows that no longer agree with the
/// dataset merged in. The load was rolled back: the database is as it was.
/// </summary>
public sealed class LoadCheckException : Exception
{
    /// <summary>How many problems the message lists before it says how many more there are.</summary>
    public const int ProblemsInMessage = DatasetValidationException.ProblemsInMessage;

    /// <param name="source">What was being loaded (<see cref="LoadOptions.Source"/>).</param>
    /// <param name="problems">Every problem found; at least one.</param>
    public LoadCheckException(string source, IReadOnlyList<DatasetProblem> problems)
        : base(Describe(source, problems))
    {
        DatasetSource = source;
        Problems = problems;
    }

    /// <summary>What was being loaded.</summary>
    public string DatasetSource { get; }

    /// <summary>Every problem, worded as <c>huayang validate</c> words it, with the table in place of the file.</summary>
    public IReadOnlyList<DatasetProblem> Problems { get; }

    /// <summary>The first line of <see cref="Exception.Message"/>, without the problems.</summary>
    public static string Summary(string source, int problems)
    {
        var count = problems == 1 ? "1 problem" : problems.ToString(CultureInfo.InvariantCulture) + " problems";
        return $"loading '{source}' would leave {count} in the database " +
            "(the checks of huayang validate, applied to the tables as loaded); nothing was loaded";
    }

    private static string Describe(string source, IReadOnlyList<DatasetProblem> problems) =>
        DatasetValidationException.ListProblems(Summary(source, problems.Count), problems);
}
