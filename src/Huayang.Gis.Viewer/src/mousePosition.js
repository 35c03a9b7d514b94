// The mouse position in WGS84 and in CGCS2000 / 3-degree Gauss-Kruger CM 105E (EPSG:4544), the plane the server
// measures distances in.
import { toLonLat, transform } from 'ol/proj.js';
import { register } from 'ol/proj/proj4.js';
import proj4 from 'proj4';

proj4.defs('EPSG:4544', '+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
register(proj4);

/** Shows the position under the mouse in #mouse-wgs84 and #mouse-cgcs2000. */
export function showMousePosition(map) {
  const wgs84 = document.getElementById('mouse-wgs84');
  const plane = document.getElementById('mouse-cgcs2000');
  map.on('pointermove', (event) => {
    if (event.dragging) {
      return;
    }
    const [lon, lat] = toLonLat(event.coordinate);
    const [easting, northing] = transform(event.coordinate, 'EPSG:3857', 'EPSG:4544');
    wgs84.textContent = `${lon.toFixed(6)}°E, ${lat.toFixed(6)}°N`;
    plane.textContent = `E ${easting.toFixed(1)} m, N ${northing.toFixed(1)} m`;
  });
}
