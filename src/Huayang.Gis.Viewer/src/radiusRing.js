// The radius-ring tool: while #ring-mode is pressed a map click draws rings of 300, 500 and 1,000 m around the point
// (geodesic circles: ol/geom/Polygon's circular on the sphere, in lon/lat, then to Web Mercator), each labelled with its
// radius at its northern edge; a later click moves them; #ring-clear removes them. The overlay layer "rings" holds them.
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import { circular } from 'ol/geom/Polygon.js';
import VectorLayer from 'ol/layer/Vector.js';
import { toLonLat } from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style.js';
import { t } from './i18n.js';
import { toolColours } from './styles.js';

/** The rings' radii in metres, the walking distances of the life circles' levels. */
export const ringRadii = [300, 500, 1000];

/** A ring's label: "300 m", "1 km". */
function ringLabel(radius) {
  return radius < 1000 ? `${radius} m` : `${radius / 1000} km`;
}

/** Vertices of each circle: at 1 km a chord then strays less than 0.2 m from the circle. */
const vertices = 256;

/**
 * @param {object} options
 * @param {import('ol/Map.js').default} options.map
 * @param {ReturnType<import('./tools.js').createToolSwitch>} options.tools
 * @param {() => void} [options.onStart] called when the tool is switched on
 */
export function createRadiusRings({ map, tools, onStart = () => {} }) {
  const source = new VectorSource();
  const ringStroke = new Stroke({ color: toolColours.ring, width: 2.5 });
  const layer = new VectorLayer({
    source,
    style: (feature) => {
      const radius = feature.get('radius');
      if (radius === undefined) {
        return new Style({ image: new Circle({ radius: 4, fill: new Fill({ color: toolColours.ring }) }) });
      }
      return [
        new Style({ stroke: ringStroke }),
        new Style({
          // On the ring, north-east of the centre (ol's circular starts due north and turns clockwise).
          geometry: (ring) => new Point(ring.getGeometry().getCoordinates()[0][vertices / 8]),
          text: new Text({
            text: ringLabel(radius),
            font: '600 12px system-ui, "Noto Sans CJK SC", sans-serif',
            fill: new Fill({ color: toolColours.ring }),
            stroke: new Stroke({ color: '#ffffff', width: 3 }),
            overflow: true,
          }),
        }),
      ];
    },
  });
  layer.set('id', 'rings');
  const mode = document.getElementById('ring-mode');
  const note = document.getElementById('ring-result');
  let on = false;

  function render() {
    mode.classList.toggle('active', on);
    mode.setAttribute('aria-pressed', String(on));
    note.textContent = source.getFeatures().length > 0 ? t('ringsShown')(ringRadii.map(ringLabel).join(' / '))
      : on ? t('ringHint') : '';
  }

  function stop() {
    on = false;
    map.getTargetElement().classList.remove('picking');
    tools.stopped('rings');
    render();
  }

  mode.addEventListener('click', () => {
    if (on) {
      stop();
      return;
    }
    tools.start('rings');
    on = true;
    map.getTargetElement().classList.add('picking');
    onStart();
    render();
  });
  document.getElementById('ring-clear').addEventListener('click', () => {
    source.clear();
    render();
  });
  tools.register('rings', { stop });
  render();

  return {
    layer,
    active: () => on,
    /** Draws the rings around a clicked map coordinate (EPSG:3857). */
    place(coordinate) {
      const centre = toLonLat(coordinate);
      source.clear();
      source.addFeatures(ringRadii.map((radius) => {
        const ring = circular(centre, radius, vertices).transform('EPSG:4326', 'EPSG:3857');
        return new Feature({ geometry: ring, radius });
      }));
      source.addFeature(new Feature(new Point(coordinate)));
      render();
    },
    render() {
      render();
      source.changed();
    },
  };
}
