// The highlight: one feature the user went to from a list (the attribute table, the nearest sites) drawn over the map
// in a bold outline (the overlay layer "highlight"), and the view moved to show it. A later one replaces it.
import Feature from 'ol/Feature.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { Circle, Stroke, Style } from 'ol/style.js';
import { toolColours } from './styles.js';

/** The zoom a point is shown at. */
const pointZoom = 17;

/**
 * @param {object} options
 * @param {import('ol/Map.js').default} options.map
 */
export function createHighlight({ map }) {
  const source = new VectorSource();
  const halo = new Stroke({ color: '#ffffff', width: 7 });
  const stroke = new Stroke({ color: toolColours.highlight, width: 3.5 });
  const layer = new VectorLayer({
    source,
    style: (feature) => (feature.getGeometry().getType().endsWith('Point')
      ? [new Style({ image: new Circle({ radius: 13, stroke: halo }) }), new Style({ image: new Circle({ radius: 13, stroke }) })]
      : [new Style({ stroke: halo }), new Style({ stroke })]),
  });
  layer.set('id', 'highlight');

  return {
    layer,
    /**
     * Highlights a geometry (EPSG:3857) and moves the view to it; <paramref name="padding"/> (top, right, bottom, left
     * pixels) keeps it clear of what covers the map; <paramref name="done"/> is called when the view has arrived.
     */
    show(geometry, { padding = [60, 60, 60, 60], done = () => {} } = {}) {
      source.clear();
      source.addFeature(new Feature(geometry.clone()));
      const view = map.getView();
      if (geometry.getType() === 'Point') {
        const extent = geometry.getExtent();
        view.fit(extent, { padding, maxZoom: Math.max(pointZoom, view.getZoom() ?? 0), duration: 300, callback: done });
      } else {
        view.fit(geometry.getExtent(), { padding, duration: 300, callback: done });
      }
    },
    clear() {
      source.clear();
    },
  };
}
