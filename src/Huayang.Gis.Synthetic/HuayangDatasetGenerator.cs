using System.Text;
using Huayang.Gis.Core.Model;
using NetTopologySuite.Features;

namespace Huayang.Gis.Synthetic;

/// <summary>
/// Generates the illustrative Huayang Street dataset: the layers named in <see cref="Layers"/>,
/// all geometry WGS84 lon/lat (SRID 4326, x = longitude) with coordinates on a 1e-7° grid.
/// Authored from public facts (area, number of communities, census population, rivers, Tianfu
/// Avenue); every boundary, position and most names are invented, so the output must not be used
/// as real boundaries. The same <c>scale</c> and <c>seed</c> always give byte-identical files.
/// </summary>
public static class HuayangDatasetGenerator
{
    /// <summary>The seed the bundled <c>data/</c> files were generated with.</summary>
    public const int DefaultSeed = 2019;

    /// <summary>Builds every layer in memory, keyed by layer name (<see cref="Layers"/>).</summary>
    /// <param name="scale">
    /// 1 for the bundled dataset. N &gt; 1 makes about N× the population cells (a finer grid with the
    /// same community totals) and exactly N× the everyday sites, everything else unchanged. A cell
    /// always holds at least one resident, so a community whose grid has more cells than residents
    /// (from about N = 50) is thinned to one cell per resident and the cell count falls below N×.
    /// </param>
    /// <param name="seed">Seed of the <see cref="Random"/> streams behind the street grid, population and sites.</param>
    /// <param name="progress">Receives one line per step, for a console.</param>
    /// <param name="copies">
    /// 1 for one street. K &gt; 1 places K copies of the street side by side (<see cref="CityTiler"/>): a city with K×
    /// the residents, communities, population cells, walkways and sites, for benchmarks that grow everything together.
    /// </param>
    public static IReadOnlyDictionary<string, FeatureCollection> Generate(
        int scale = 1, int seed = DefaultSeed, IProgress<string>? progress = null, int copies = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        var street = new DatasetBuilder(scale, seed, progress).Build();
        if (copies == 1)
        {
            return street;
        }

        progress?.Report($"placing {copies} copies of the street side by side");
        return CityTiler.Tile(street, copies);
    }

    /// <summary>
    /// Generates the dataset and writes one UTF-8 <c>{layer}.geojson</c> per layer into
    /// <paramref name="directory"/> (created if missing), replacing files of the same name. Nothing
    /// else there is touched: <c>life-circles.json</c> is hand-authored and not generated.
    /// </summary>
    public static void WriteTo(
        string directory, int scale = 1, int seed = DefaultSeed, IProgress<string>? progress = null, int copies = 1)
    {
        var layers = Generate(scale, seed, progress, copies);
        Directory.CreateDirectory(directory);
        foreach (var name in Layers.All)
        {
            var path = Path.Combine(directory, name + ".geojson");
            var bytes = GeoJsonLayerWriter.Serialize(layers[name]);
            File.WriteAllBytes(path, bytes);
            progress?.Report(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"wrote {path}: {layers[name].Count} features, {bytes.Length} bytes"));
        }
    }

    /// <summary>The serialized form of one generated layer, exactly as <see cref="WriteTo"/> writes it.</summary>
    internal static string Serialize(FeatureCollection layer) => Encoding.UTF8.GetString(GeoJsonLayerWriter.Serialize(layer));
}
