// The measure tool: #measure-distance draws a line, #measure-area a polygon (OpenLayers' Draw: a click adds a point, a
// double click or a click on the last point ends), and the length or area is written on the map and in #measure-result,
// computed on the sphere (ol/sphere getLength and getArea of the Web Mercator geometry), in m or km, m², ha or km².
// Escape cancels the drawing and switches the tool off; #measure-clear removes what was measured. The overlay layer
// "measure" holds the drawings.
import Draw from 'ol/interaction/Draw.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { getArea, getLength } from 'ol/sphere.js';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style.js';
import { currentLanguage, t } from './i18n.js';
import { toolColours } from './styles.js';

function grouped(value, digits) {
  return value.toLocaleString(currentLanguage() === 'zh' ? 'zh-CN' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A length in metres as the tool writes it: metres below 1 km, else km. */
export function formatLength(metres) {
  return metres < 1000 ? `${grouped(metres, 1)} m` : `${grouped(metres / 1000, 3)} km`;
}

/** An area in square metres as the tool writes it: m² below 1 ha, ha below 1 km², else km². */
export function formatArea(squareMetres) {
  if (squareMetres < 10_000) {
    return `${grouped(squareMetres, 0)} m²`;
  }
  return squareMetres < 1_000_000 ? `${grouped(squareMetres / 10_000, 2)} ha` : `${grouped(squareMetres / 1_000_000, 3)} km²`;
}

/** What a drawn geometry measures, in words: "Distance 1.234 km" / "Area 5.67 ha". */
function measured(geometry) {
  return geometry.getType() === 'Polygon'
    ? `${t('measureAreaResult')} ${formatArea(getArea(geometry))}`
    : `${t('measureDistanceResult')} ${formatLength(getLength(geometry))}`;
}

/**
 * @param {object} options
 * @param {import('ol/Map.js').default} options.map
 * @param {ReturnType<import('./tools.js').createToolSwitch>} options.tools
 * @param {() => void} [options.onStart] called when a measurement starts (the popup closes, the drawer closes on a phone)
 */
export function createMeasureTool({ map, tools, onStart = () => {} }) {
  const source = new VectorSource();
  const stroke = new Stroke({ color: toolColours.measure, width: 3 });
  const style = (feature) => new Style({
    stroke,
    fill: new Fill({ color: 'rgba(240, 140, 0, 0.15)' }),
    text: new Text({
      text: measured(feature.getGeometry()),
      font: '600 13px system-ui, "Noto Sans CJK SC", sans-serif',
      fill: new Fill({ color: '#222222' }),
      stroke: new Stroke({ color: '#ffffff', width: 3 }),
      overflow: true,
      placement: 'point',
    }),
  });
  const layer = new VectorLayer({ source, style });
  layer.set('id', 'measure');
  const distanceButton = document.getElementById('measure-distance');
  const areaButton = document.getElementById('measure-area');
  const result = document.getElementById('measure-result');
  /** The drawing interaction while the tool is on, and its kind ('LineString' or 'Polygon'). */
  let draw = null;
  let kind = null;

  function render() {
    distanceButton.classList.toggle('active', kind === 'LineString');
    areaButton.classList.toggle('active', kind === 'Polygon');
    distanceButton.setAttribute('aria-pressed', String(kind === 'LineString'));
    areaButton.setAttribute('aria-pressed', String(kind === 'Polygon'));
    const last = source.getFeatures().at(-1);
    result.textContent = last ? measured(last.getGeometry()) : kind ? t('measureHint') : '';
  }

  function stop() {
    if (draw) {
      draw.abortDrawing();
      map.removeInteraction(draw);
    }
    draw = null;
    kind = null;
    map.getTargetElement().classList.remove('picking');
    tools.stopped('measure');
    render();
  }

  function start(type) {
    if (kind === type) {
      stop();
      return;
    }
    tools.start('measure');
    if (draw) {
      draw.abortDrawing();
      map.removeInteraction(draw);
    }
    kind = type;
    draw = new Draw({
      type,
      style: new Style({
        stroke: new Stroke({ color: toolColours.measure, width: 2, lineDash: [6, 4] }),
        fill: new Fill({ color: 'rgba(240, 140, 0, 0.1)' }),
        image: new Circle({ radius: 4, fill: new Fill({ color: toolColours.measure }) }),
      }),
    });
    draw.on('drawstart', () => {
      source.clear();
      render();
    });
    draw.on('drawend', (event) => {
      source.addFeature(event.feature);
      render();
    });
    map.addInteraction(draw);
    map.getTargetElement().classList.add('picking');
    onStart();
    render();
  }

  distanceButton.addEventListener('click', () => start('LineString'));
  areaButton.addEventListener('click', () => start('Polygon'));
  document.getElementById('measure-clear').addEventListener('click', () => {
    source.clear();
    render();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && kind) {
      stop();
    }
  });
  tools.register('measure', { stop });
  render();

  return {
    layer,
    /** Writes the buttons' state and the result again in the current language. */
    render() {
      render();
      source.changed();
    },
  };
}
