// The default style: how a layer declared by a dataset's layers.json (style "default" in /map/layers.json) is drawn,
// by geometry in the layer's colour, as the renderer's default painter draws it in the pictures
// (Huayang.Gis.Rendering/Drawing/MapDrawing.Declared.cs): points as dots with a white edge and their name, lines
// stroked, polygons filled faintly and outlined.
import { Circle, Fill, Stroke, Style } from 'ol/style.js';
import { nameOf } from './i18n.js';
import { label, withOffset } from './labels.js';
import { css, darker } from './mapStyle.js';

/** The colour of a declared layer without one (the renderer's fallback). */
const fallbackColour = '#555555';

/** The dot radius in CSS pixels (the renderer's 5.5 at 1000 pixels, a little larger to click). */
const declaredPointRadius = 6;

/** Faint: the fill alpha of a declared polygon layer (the renderer's 64 of 255). */
const fillAlpha = 64 / 255;

/** Point labels show from about zoom 13, as the community names do. */
const labelResolution = 20;

/** The colour a declared layer is drawn in. */
export function declaredColour(definition) {
  return definition.color ?? fallbackColour;
}

/** What a declared layer's geometry types amount to for drawing and the legend: 'point', 'line' or 'area'. */
export function declaredShape(definition) {
  const types = definition.geometry ?? [];
  if (types.length > 0 && types.every((type) => type.endsWith('Point'))) {
    return 'point';
  }
  if (types.length > 0 && types.every((type) => type.endsWith('LineString'))) {
    return 'line';
  }
  return 'area';
}

/** An OpenLayers style function for a declared layer (a definition of /map/layers.json). */
export function declaredStyleFunction(definition) {
  const colour = declaredColour(definition);
  const dot = new Style({
    // Always drawn (the dot is the feature); labels and the built-in layers' decluttered symbols make room for it.
    image: new Circle({
      radius: declaredPointRadius,
      fill: new Fill({ color: css(colour) }),
      stroke: new Stroke({ color: '#ffffff', width: 1.2 }),
      declutterMode: 'obstacle',
    }),
  });
  const line = new Style({ stroke: new Stroke({ color: css(colour), width: 2 }) });
  const area = new Style({ fill: new Fill({ color: css(colour, fillAlpha) }), stroke: new Stroke({ color: css(colour), width: 2 }) });
  return (feature, resolution) => {
    const type = feature.getGeometry()?.getType() ?? '';
    if (type.endsWith('Point')) {
      const name = nameOf(feature.getProperties());
      if (!name || resolution >= labelResolution) {
        return dot;
      }
      return [dot, new Style({ text: withOffset(label(name, 11, darker(colour)), declaredPointRadius + 12) })];
    }
    return type.endsWith('LineString') ? line : area;
  };
}
