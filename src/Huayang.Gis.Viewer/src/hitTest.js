// What lies under a click: every feature of the pickable layers within a few pixels, points first, then lines, then
// areas (a plan point or the axis wins over the zone beneath it, and a site over its community), and within each of
// those the upper layer first. A feature a vector tile repeats (it crosses the tile's edge) is listed once.

/** Pixels around the click a feature may be from and still be hit. */
export const hitTolerance = 5;

/** The order of geometry kinds under a click: what is smaller to hit comes first. */
function geometryRank(feature) {
  const type = feature.getGeometry()?.getType() ?? '';
  if (type.endsWith('Point')) {
    return 0;
  }
  if (type.endsWith('LineString')) {
    return 1;
  }
  return 2;
}

/**
 * The features under a pixel of the map, the one to show first at the head: { feature, layerId, properties }.
 * @param {import('ol/Map.js').default} map
 * @param {number[]} pixel
 */
export function featuresAt(map, pixel) {
  const hits = [];
  const seen = new Set();
  let order = 0;
  map.forEachFeatureAtPixel(pixel, (feature, layer) => {
    const layerId = layer.get('id');
    const properties = feature.getProperties();
    const key = `${layerId}|${properties.id ?? feature.getId() ?? order}`;
    if (!seen.has(key)) {
      seen.add(key);
      hits.push({ feature, layerId, properties, rank: geometryRank(feature), order: order++ });
    }
    // Returning nothing goes on to the next feature: every feature under the pixel is listed.
  }, {
    hitTolerance,
    layerFilter: (layer) => layer.get('pickable') === true,
  });
  hits.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return hits.map(({ feature, layerId, properties }) => ({ feature, layerId, properties }));
}
