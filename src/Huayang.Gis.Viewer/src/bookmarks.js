// Places to go: the home button on the map (#home-view, back to the whole street) and the bookmarks (#bookmarks): one
// button per zone and point of the plan (/collections/plan/items), named in the current language; a zone's fits the
// view to the zone, a point's centres it at zoom 16.
import Control from 'ol/control/Control.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import { nameOf, t } from './i18n.js';

/** The plan's kinds that have bookmarks, in the order listed. */
const bookmarked = ['zone', 'point'];

/** The zoom a point's bookmark shows it at. */
const pointZoom = 16;

const padding = [40, 40, 40, 40];

/**
 * @param {object} options
 * @param {import('ol/Map.js').default} options.map
 * @param {() => void} [options.onGo] called after a bookmark is chosen (the drawer closes on a phone)
 */
export function createBookmarks({ map, onGo = () => {} }) {
  const view = map.getView();
  const container = document.getElementById('bookmarks');
  /** The whole street in EPSG:3857, or null before the layers have loaded. */
  let home = null;
  /** The plan's zones and points as OpenLayers features (EPSG:3857). */
  let places = [];

  const homeButton = document.createElement('button');
  homeButton.type = 'button';
  homeButton.id = 'home-view';
  homeButton.textContent = '⌂';
  homeButton.addEventListener('click', () => {
    if (home) {
      view.fit(home, { padding: [20, 20, 20, 20], duration: 250 });
    }
  });
  const element = document.createElement('div');
  element.className = 'ol-home ol-unselectable ol-control';
  element.append(homeButton);
  map.addControl(new Control({ element }));

  function go(feature) {
    const geometry = feature.getGeometry();
    if (feature.get('kind') === 'point') {
      view.animate({ center: geometry.getCoordinates(), zoom: pointZoom, duration: 250 });
    } else {
      view.fit(geometry.getExtent(), { padding, duration: 250 });
    }
    onGo();
  }

  function render() {
    homeButton.title = t('homeView');
    homeButton.setAttribute('aria-label', t('homeView'));
    if (!container) {
      return;
    }
    container.replaceChildren(...places.map((feature) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = `bookmark bookmark-${feature.get('kind')}`;
      button.dataset.planId = feature.get('id');
      const name = nameOf(feature.getProperties()) || feature.get('id');
      button.textContent = name;
      button.setAttribute('aria-label', t('bookmarkGo')(name));
      button.addEventListener('click', () => go(feature));
      return button;
    }));
  }

  return {
    render,
    /** Sets the whole street (EPSG:3857) and shows it. */
    setHome(extent) {
      home = extent;
      view.fit(home, { padding: [20, 20, 20, 20] });
    },
    /** Sets the plan (the /collections/plan/items answer) whose zones and points are bookmarked, and lists them. */
    setPlan(collection) {
      const features = new GeoJSON().readFeatures(collection, { dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });
      for (const feature of features) {
        if (feature.get('id') === undefined) {
          feature.set('id', String(feature.getId()));
        }
      }
      places = bookmarked.flatMap((kind) => features.filter((f) => f.get('kind') === kind));
      render();
    },
  };
}
