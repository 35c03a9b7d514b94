using Huayang.Gis.Core.IO.Formats;
using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.IO;

/// <summary>
/// Reads a dataset: a directory with one file per layer (see <see cref="Layers"/>) and <c>life-circles.json</c>,
/// or one GeoPackage holding a table per layer with <c>life-circles.json</c> beside it.
/// </summary>
/// <remarks>
/// <para>In a directory each layer is one of <c>{layer}.geojson</c>, <c>{layer}.gpkg</c>, <c>{layer}.shp</c> (with
/// its <c>.dbf</c>; <c>.prj</c> and <c>.cpg</c> are read when present) or <c>{layer}.csv</c>; two or more of
/// these for one layer is a problem naming them all, and the layer is not read. See
/// <see cref="Formats.GeoPackageLayerReader"/>, <see cref="Formats.ShapefileLayerReader"/> and
/// <see cref="Formats.CsvLayerReader"/> for each format's rules. Given a <c>.gpkg</c> file instead, its tables named
/// like the layers are the layers (other tables are ignored) and <c>life-circles.json</c> must be in the same
/// directory as the file; a missing one is a problem naming it. Files for layers beside that <c>.gpkg</c> are not
/// read.</para>
/// <para>Coordinates are in <see cref="DatasetReadOptions.FromCrs"/> (or what a GeoPackage or <c>.prj</c> declares,
/// see there) and are transformed to WGS84 longitude, latitude (x = longitude), SRID 4326, before they are checked.
/// Attribute values from every format are normalised to <see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/> or null, so that the same rules apply to all of them.</para>
/// <para><c>communities</c>, <c>plan</c>, <c>sites</c>, <c>population</c> and <c>life-circles.json</c> are required,
/// and a required layer with no features is a problem. <c>walkways</c>, <c>water</c> and <c>roads</c> are optional:
/// an absent file gives an empty layer. <c>layers.json</c>, when present (beside the files, or beside the
/// <c>.gpkg</c>), declares further layers of the dataset's own (<see cref="LayerDeclarations"/>), read and checked
/// like the built-in ones. Other files in the directory are ignored.</para>
/// <para>Every file, every feature and the checks between files (ids referred to, categories, residents
/// adding up to each community's population) are validated before anything is returned, and every problem is
/// reported, not only the first. See <see cref="DatasetProblem"/> for how a problem names its place.</para>
/// </remarks>
public static class DatasetReader
{
    /// <summary>The file name endings of layer files, in the order problems list them.</summary>
    private static readonly string[] LayerExtensions =
        [".geojson", GeoPackageLayerReader.Extension, ShapefileLayerReader.Extension, CsvLayerReader.Extension];

    /// <summary>Reads and validates the dataset at <paramref name="path"/> with the default options (CRS84 input).</summary>
    /// <inheritdoc cref="Read(string, DatasetReadOptions)"/>
    public static Dataset Read(string path) => Read(path, DatasetReadOptions.Default);

    /// <summary>Reads and validates the dataset in a directory or a <c>.gpkg</c> file.</summary>
    /// <returns>The whole dataset; never a partly read one.</returns>
    /// <exception cref="DatasetValidationException">
    /// The path does not exist or any file has any problem; it lists them all.
    /// </exception>
    public static Dataset Read(string path, DatasetReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<DatasetProblem>();
        var loaded = Load(path, options, problems);
        if (problems.Count > 0 || loaded is null)
        {
            throw new DatasetValidationException(path, problems);
        }

        return loaded.ToDataset();
    }

    /// <summary>Finds every problem with the default options (CRS84 input) without throwing.</summary>
    /// <inheritdoc cref="Validate(string, DatasetReadOptions)"/>
    public static IReadOnlyList<DatasetProblem> Validate(string directoryOrFile) =>
        Validate(directoryOrFile, DatasetReadOptions.Default);

    /// <summary>
    /// Finds every problem without throwing. For a directory, or a <c>.gpkg</c> whose name is not a layer name: all
    /// checks that <see cref="Read(string, DatasetReadOptions)"/> makes. For one layer file
    /// (<c>{layer}.geojson</c>, <c>.gpkg</c>, <c>.shp</c> or <c>.csv</c>), where the layer is the file name without
    /// its ending (so <c>sites.csv</c> is checked as sites and <c>old.sites.geojson</c> is an unknown layer): that
    /// layer's own checks, without those needing other files (references, categories, residents). For
    /// <c>life-circles.json</c>: its own checks.
    /// </summary>
    /// <returns>The problems, empty when there are none.</returns>
    public static IReadOnlyList<DatasetProblem> Validate(string directoryOrFile, DatasetReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<DatasetProblem>();
        if (Directory.Exists(directoryOrFile))
        {
            Load(directoryOrFile, options, problems);
            return problems;
        }

        if (!File.Exists(directoryOrFile))
        {
            problems.Add(new DatasetProblem(directoryOrFile, null, null, null, null, "no such file or directory"));
            return problems;
        }

        var fileName = Path.GetFileName(directoryOrFile);
        var extension = LayerExtensions.FirstOrDefault(e => fileName.EndsWith(e, StringComparison.Ordinal));
        var schema = extension is null ? null : LayerSchemas.Find(fileName[..^extension.Length]);
        if (string.Equals(fileName, Layers.LifeCirclesFile, StringComparison.Ordinal))
        {
            LifeCircleReader.Read(directoryOrFile, fileName, problems);
        }
        else if (schema is not null)
        {
            ReadLayerFile(directoryOrFile, fileName, schema, options, problems);
        }
        else if (extension == GeoPackageLayerReader.Extension)
        {
            LoadGeoPackage(directoryOrFile, options, problems);
        }
        else
        {
            var known = string.Join(", ", LayerSchemas.All.Select(s => s.FileName).Append(Layers.LifeCirclesFile));
            problems.Add(new DatasetProblem(fileName, null, null, null, null,
                "unknown layer file; the layer is the file name without .geojson (or .gpkg, .shp, .csv), and the " +
                $"files read are: {known}; a .gpkg with any other name is read as a whole dataset"));
        }

        return problems;
    }

    /// <summary>
    /// Validates one layer file as the layer <paramref name="layer"/> of the dataset in <paramref name="datasetDirectory"/>:
    /// the dataset is read with that layer taken from <paramref name="file"/> instead of its own file, so the file gets
    /// every check a directory gets — its own and those against the other layers and <c>life-circles.json</c>
    /// (references, categories, residents per community). Problems in the dataset's other files are reported too.
    /// </summary>
    /// <param name="file">A <c>.geojson</c>, <c>.gpkg</c> (with a table named like the layer, or one table), <c>.shp</c> or <c>.csv</c> file, of any name.</param>
    /// <param name="layer">A built-in layer, or one the dataset's <c>layers.json</c> declares.</param>
    /// <returns>The problems, empty when there are none.</returns>
    public static IReadOnlyList<DatasetProblem> ValidateLayer(string file, string layer, string datasetDirectory, DatasetReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<DatasetProblem>();
        var fileName = Path.GetFileName(file);
        if (!File.Exists(file))
        {
            problems.Add(new DatasetProblem(fileName, null, null, null, null, "no such file"));
            return problems;
        }
        if (!LayerExtensions.Any(e => fileName.EndsWith(e, StringComparison.Ordinal)))
        {
            problems.Add(new DatasetProblem(fileName, null, null, null, null,
                $"not a layer file: a layer is read from {string.Join(", ", LayerExtensions)}"));
            return problems;
        }
        if (!Directory.Exists(datasetDirectory))
        {
            problems.Add(new DatasetProblem(datasetDirectory, null, null, null, null, "no such directory"));
            return problems;
        }
        var registry = ReadDeclarations(datasetDirectory, []);
        if (!registry.Names.Contains(layer, StringComparer.Ordinal))
        {
            problems.Add(new DatasetProblem(fileName, null, null, null, null,
                $"the layer \"{layer}\" is not a layer of the dataset in {datasetDirectory}; its layers are: {string.Join(", ", registry.Names)}"));
            return problems;
        }
        LoadDirectory(datasetDirectory, options, problems, (layer, file));
        return problems;
    }

    /// <summary>Reads everything, adding every problem; null when the path is neither a directory nor a .gpkg.</summary>
    private static LoadedDataset? Load(string path, DatasetReadOptions options, List<DatasetProblem> problems)
    {
        if (Directory.Exists(path))
        {
            return LoadDirectory(path, options, problems);
        }

        if (File.Exists(path) && path.EndsWith(GeoPackageLayerReader.Extension, StringComparison.OrdinalIgnoreCase))
        {
            return LoadGeoPackage(path, options, problems);
        }

        problems.Add(new DatasetProblem(path, null, null, null, null, File.Exists(path)
            ? "not a dataset: give a directory or a .gpkg file with a table per layer"
            : "no such directory"));
        return null;
    }

    /// <param name="replacement">A layer read from this file instead of the directory's own.</param>
    private static LoadedDataset LoadDirectory(
        string directory, DatasetReadOptions options, List<DatasetProblem> problems, (string Layer, string File)? replacement = null)
    {
        // The layer files are read side by side (the largest, population, dominates), each into its own list of
        // problems; the lists are then added in the order of the layers, as a one-by-one reading gives them.
        var registry = ReadDeclarations(directory, problems);
        var reads = registry.ReadingOrder.Select(LayerSchema.Of).Select(schema => Task.Run(() =>
        {
            var own = new List<DatasetProblem>();
            var layer = replacement is var (name, file) && name == schema.Name
                ? ReadLayerFile(file, Path.GetFileName(file), schema, options, own)
                : ReadLayer(directory, schema, options, own);
            return (schema.Name, Layer: layer, Problems: own);
        })).ToArray();
        var layers = new Dictionary<string, LayerData>(StringComparer.Ordinal);
        foreach (var read in reads)
        {
            var (name, layer, own) = read.GetAwaiter().GetResult();
            problems.AddRange(own);
            layers[name] = layer;
        }

        var lifeCircles = ReadLifeCircles(directory, null, problems);
        CrsPlausibility.Check(layers, problems);
        CrossLayerChecker.Check(layers, lifeCircles, problems);
        return new LoadedDataset(Path.GetFullPath(directory), registry, layers, lifeCircles.Standard);
    }

    /// <summary>
    /// The built-in layers and those <c>layers.json</c> in <paramref name="directory"/> declares, if it is there; when it
    /// has problems they are added and only the built-in layers are read (so that their problems are found too).
    /// </summary>
    private static LayerRegistry ReadDeclarations(string directory, List<DatasetProblem> problems)
    {
        var path = Path.Combine(directory, Layers.DeclarationsFile);
        if (!File.Exists(path))
        {
            return LayerRegistry.BuiltIn;
        }
        return LayerDeclarations.Read(path, Layers.DeclarationsFile, problems) is { } declared
            ? LayerRegistry.WithDeclared(declared)
            : LayerRegistry.BuiltIn;
    }

    private static LayerData ReadLayer(
        string directory, LayerSchema schema, DatasetReadOptions options, List<DatasetProblem> problems)
    {
        var files = LayerExtensions.Select(e => schema.Name + e)
            .Where(f => File.Exists(Path.Combine(directory, f))).ToList();
        if (files.Count == 1)
        {
            return ReadLayerFile(Path.Combine(directory, files[0]), files[0], schema, options, problems);
        }

        if (files.Count > 1)
        {
            problems.Add(new DatasetProblem(files[0], null, null, null, null,
                $"{string.Join(" and ", files)} are all files for the layer {schema.Name}; keep only one of them"));
            return LayerData.Unreadable(schema, files[0]);
        }

        if (schema.Required)
        {
            problems.Add(new DatasetProblem(schema.FileName, null, null, null, null,
                $"required file is missing from {directory} (the layer {schema.Name} may also be " +
                $"{string.Join(", ", LayerExtensions.Skip(1).Select(e => schema.Name + e))})"));
        }

        return LayerData.Absent(schema);
    }

    private static LoadedDataset? LoadGeoPackage(string path, DatasetReadOptions options, List<DatasetProblem> problems)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var registry = ReadDeclarations(directory, problems);
        var layers = GeoPackageLayerReader.ReadDataset(path, registry, options, problems);
        var lifeCircles = ReadLifeCircles(directory, Path.GetFileName(path), problems);
        if (layers is null)
        {
            return null;
        }

        CrsPlausibility.Check(layers, problems);
        CrossLayerChecker.Check(layers, lifeCircles, problems);
        return new LoadedDataset(Path.GetFullPath(path), registry, layers, lifeCircles.Standard);
    }

    private static LifeCircleData ReadLifeCircles(string directory, string? nextTo, List<DatasetProblem> problems)
    {
        var path = Path.Combine(directory, Layers.LifeCirclesFile);
        if (File.Exists(path))
        {
            var read = LifeCircleReader.Read(path, Layers.LifeCirclesFile, problems);
            var supplements = new List<ServiceStandard>();
            foreach (var file in Directory.EnumerateFiles(directory, LifeCircleReader.SupplementPattern).Order(StringComparer.Ordinal))
            {
                if (LifeCircleReader.ReadSupplement(file, Path.GetFileName(file), read.CategoryIds, problems) is { } supplement)
                {
                    supplements.Add(supplement);
                }
            }

            return read.Standard is null ? read : read with { Standard = read.Standard with { Supplements = supplements } };
        }

        problems.Add(new DatasetProblem(Layers.LifeCirclesFile, null, null, null, null, nextTo is null
            ? $"required file is missing from {directory}"
            : $"required file is missing from {directory}: it must be next to {nextTo}"));
        return new LifeCircleData(null, null);
    }

    private static LayerData ReadLayerFile(
        string path, string fileName, LayerSchema schema, DatasetReadOptions options, List<DatasetProblem> problems)
    {
        if (fileName.EndsWith(GeoPackageLayerReader.Extension, StringComparison.Ordinal))
        {
            return GeoPackageLayerReader.ReadLayerFile(path, fileName, schema, options, problems);
        }

        if (fileName.EndsWith(ShapefileLayerReader.Extension, StringComparison.Ordinal))
        {
            return ShapefileLayerReader.Read(path, fileName, schema, options, problems);
        }

        if (fileName.EndsWith(CsvLayerReader.Extension, StringComparison.Ordinal))
        {
            return CsvLayerReader.Read(path, fileName, schema, options, problems);
        }

        return GeoJsonLayerReader.Read(path, fileName, schema, options, problems);
    }
}
