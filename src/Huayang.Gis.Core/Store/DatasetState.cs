using Huayang.Gis.Core.Model;

namespace Huayang.Gis.Core.Store;

/// <summary>What a store currently serves: the dataset's version, and the life-circle rules and layers loaded with it.</summary>
/// <param name="Version">
/// Changes whenever the data changes (a new load into PostGIS; a different dataset in memory). Everything derived from
/// the data (cached answers, tile ETags, the rules below) is keyed by it.
/// </param>
/// <param name="LifeCircles">The life-circle levels and site categories of that version.</param>
/// <param name="Layers">The layers of that version: the built-in ones and those the dataset declared.</param>
public sealed record DatasetState(string Version, LifeCircleStandard LifeCircles, LayerRegistry Layers);
