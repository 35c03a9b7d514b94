namespace Huayang.Gis.Core.IO;

/// <summary>Adds problems about one file, or one feature of it, to a shared list.</summary>
internal sealed class ProblemScope(List<DatasetProblem> problems, string file, int? featureIndex = null, string? featureId = null)
{
    public string File { get; } = file;

    public int? FeatureIndex { get; } = featureIndex;

    public string? FeatureId { get; } = featureId;

    public void Add(string? field, string? value, string message) =>
        problems.Add(new DatasetProblem(File, FeatureIndex, FeatureId, field, value, message));

    /// <summary>A scope for one feature or object of the same file.</summary>
    public ProblemScope For(int? featureIndex, string? featureId) => new(problems, File, featureIndex, featureId);
}
