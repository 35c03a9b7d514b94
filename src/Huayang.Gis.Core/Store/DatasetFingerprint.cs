using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Huayang.Gis.Core.Model;
using NetTopologySuite.IO;

namespace Huayang.Gis.Core.Store;

/// <summary>A short hash of a dataset's content: every layer's features (geometry as WKB, attributes by name) in id order.</summary>
internal static class DatasetFingerprint
{
    /// <summary>The first 16 hex digits of the SHA-256 of the content; equal datasets get equal fingerprints.</summary>
    public static string Of(Dataset dataset)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var wkb = new WKBWriter();
        if (dataset.Registry.Declared.Count > 0)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(IO.LayerDeclarations.ToJson(dataset.Registry.Declared) + "\n"));
        }
        foreach (var layer in dataset.Registry.Names)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(layer + "\n"));
            foreach (var feature in (dataset.Layers.GetValueOrDefault(layer) ?? []).OrderBy(IdOf, StringComparer.Ordinal))
            {
                hash.AppendData(wkb.Write(feature.Geometry));
                foreach (var name in feature.Attributes.GetNames().Order(StringComparer.Ordinal))
                {
                    var value = Convert.ToString(feature.Attributes[name], CultureInfo.InvariantCulture);
                    hash.AppendData(Encoding.UTF8.GetBytes($"\u001f{name}\u001e{value}"));
                }
                hash.AppendData("\n"u8);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static string IdOf(NetTopologySuite.Features.IFeature feature) =>
        feature.Attributes["id"]?.ToString() ?? throw new InvalidOperationException("a feature without id");
}
