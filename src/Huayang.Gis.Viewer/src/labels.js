// Map labels: names in the current language drawn with the CJK font stack and the style table's halo, as the
// renderer labels its pictures. Every layer style that writes a name builds its text here.
import { Fill, Stroke, Text } from 'ol/style.js';
import { css, mapStyle } from './mapStyle.js';

export const labelFont = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif';

/** A label of <paramref name="size"/> CSS pixels in <paramref name="fill"/> with the table's halo; placed at a point or along a line. */
export function label(textValue, size, fill, placement = 'point') {
  return new Text({
    text: textValue,
    font: `${size}px ${labelFont}`,
    fill: new Fill({ color: fill }),
    stroke: new Stroke({ color: css(mapStyle().halo, 0.9), width: 3 }),
    placement,
    overflow: placement === 'point',
  });
}

/** The label moved down by <paramref name="offsetY"/> pixels (below a symbol). */
export function withOffset(text, offsetY) {
  text.setOffsetY(offsetY);
  return text;
}
