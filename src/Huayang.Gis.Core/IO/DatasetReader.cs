using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// Reads a dataset directory: one GeoJSON file per layer (<c>{layer}.geojson</c>, see <see cref="Layers"/>) and
/// <c>life-circles.json</c>, all UTF-8.
/// </summary>
/// <remarks>
/// <para>Coordinates must be WGS84 longitude, latitude (x = longitude), as GeoJSON requires; geometries get SRID
/// 4326. Nothing is reprojected; a file declaring another <c>crs</c> is a problem.</para>
/// <para><c>communities</c>, <c>plan</c>, <c>sites</c>, <c>population</c> and <c>life-circles.json</c> are required,
/// and a required layer with no features is a problem. <c>walkways</c>, <c>water</c> and <c>roads</c> are optional:
/// an absent file gives an empty layer. Other files in the directory are ignored.</para>
/// <para>Every file, every feature and the checks between files (ids referred to, categories, residents
/// adding up to each community's population) are validated before anything is returned, and every problem is
/// reported, not only the first. See <see cref="DatasetProblem"/> for how a problem names its place.</para>
/// </remarks>
public static class DatasetReader
{
    /// <summary>Reads and validates the dataset in <paramref name="directory"/>.</summary>
    /// <returns>The whole dataset; never a partly read one.</returns>
    /// <exception cref="DatasetValidationException">
    /// The directory does not exist or any file has any problem; it lists them all.
    /// </exception>
    public static Dataset Read(string directory)
    {
        var problems = new List<DatasetProblem>();
        var loaded = Load(directory, problems);
        if (problems.Count > 0 || loaded is null)
        {
            throw new DatasetValidationException(directory, problems);
        }

        return loaded.ToDataset();
    }

    /// <summary>
    /// Finds every problem without throwing. For a directory: all checks that <see cref="Read"/> makes. For one
    /// <c>{layer}.geojson</c> file, where the layer is the file name without <c>.geojson</c> (so
    /// <c>sites.geojson</c> is checked as sites and <c>old.sites.geojson</c> is an unknown layer): that layer's
    /// own checks, without those needing other files (references, categories, residents). For
    /// <c>life-circles.json</c>: its own checks.
    /// </summary>
    /// <returns>The problems, empty when there are none.</returns>
    public static IReadOnlyList<DatasetProblem> Validate(string directoryOrFile)
    {
        var problems = new List<DatasetProblem>();
        if (Directory.Exists(directoryOrFile))
        {
            Load(directoryOrFile, problems);
            return problems;
        }

        if (!File.Exists(directoryOrFile))
        {
            problems.Add(new DatasetProblem(directoryOrFile, null, null, null, null, "no such file or directory"));
            return problems;
        }

        var fileName = Path.GetFileName(directoryOrFile);
        if (string.Equals(fileName, Layers.LifeCirclesFile, StringComparison.Ordinal))
        {
            LifeCircleReader.Read(directoryOrFile, fileName, problems);
        }
        else if (fileName.EndsWith(".geojson", StringComparison.Ordinal)
                 && LayerSchemas.Find(Path.GetFileNameWithoutExtension(fileName)) is { } schema)
        {
            GeoJsonLayerReader.Read(directoryOrFile, fileName, schema, problems);
        }
        else
        {
            var known = string.Join(", ", LayerSchemas.All.Select(s => s.FileName).Append(Layers.LifeCirclesFile));
            problems.Add(new DatasetProblem(fileName, null, null, null, null,
                $"unknown layer file; the layer is the file name without .geojson, and the files read are: {known}"));
        }

        return problems;
    }

    /// <summary>Reads everything, adding every problem; null when the directory does not exist.</summary>
    private static LoadedDataset? Load(string directory, List<DatasetProblem> problems)
    {
        if (!Directory.Exists(directory))
        {
            problems.Add(new DatasetProblem(directory, null, null, null, null, "no such directory"));
            return null;
        }

        var layers = new Dictionary<string, LayerData>(StringComparer.Ordinal);
        foreach (var schema in LayerSchemas.All)
        {
            var path = Path.Combine(directory, schema.FileName);
            if (File.Exists(path))
            {
                layers[schema.Name] = GeoJsonLayerReader.Read(path, schema.FileName, schema, problems);
            }
            else
            {
                if (schema.Required)
                {
                    problems.Add(new DatasetProblem(schema.FileName, null, null, null, null,
                        $"required file is missing from {directory}"));
                }

                layers[schema.Name] = LayerData.Absent(schema);
            }
        }

        var lifeCirclesPath = Path.Combine(directory, Layers.LifeCirclesFile);
        LifeCircleData lifeCircles;
        if (File.Exists(lifeCirclesPath))
        {
            lifeCircles = LifeCircleReader.Read(lifeCirclesPath, Layers.LifeCirclesFile, problems);
        }
        else
        {
            problems.Add(new DatasetProblem(Layers.LifeCirclesFile, null, null, null, null,
                $"required file is missing from {directory}"));
            lifeCircles = new LifeCircleData(null, null);
        }

        CrossLayerChecker.Check(layers, lifeCircles, problems);
        return new LoadedDataset(Path.GetFullPath(directory), layers, lifeCircles.Standard);
    }
}
