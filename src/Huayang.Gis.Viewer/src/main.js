import 'ol/ol.css';
import './style.css';
import Feature from 'ol/Feature.js';
import Map from 'ol/Map.js';
import Overlay from 'ol/Overlay.js';
import View from 'ol/View.js';
import { defaults as defaultControls } from 'ol/control/defaults.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import { getCenter } from 'ol/extent.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import MVT from 'ol/format/MVT.js';
import LineString from 'ol/geom/LineString.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import { fromLonLat, toLonLat, transform, transformExtent } from 'ol/proj.js';
import { register } from 'ol/proj/proj4.js';
import VectorSource from 'ol/source/Vector.js';
import VectorTileSource from 'ol/source/VectorTile.js';
import { Circle, Fill, Stroke, Style } from 'ol/style.js';
import proj4 from 'proj4';
import { apiUrl, getJson } from './api.js';
import { categories, categoryName, currentLanguage, levelName, levels, nameOf, setLanguage, t } from './i18n.js';
import { renderLegend } from './legend.js';
import {
  communityStyleFunction, loadMapStyle, planStyleFunction, roadStyleFunction, setPlanPointOrder, siteStyleFunction,
  toolColours, uncoveredStyle, walkwayStyleFunction, waterStyleFunction,
} from './styles.js';

// CGCS2000 / 3-degree Gauss-Kruger CM 105E: the plane the server measures distances in.
proj4.defs('EPSG:4544', '+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
register(proj4);

const $ = (id) => document.getElementById(id);
const status = $('status');

/** The dataset layers served as vector tiles, bottom to top (the order of the map pictures), with their zoom limits in the viewer. */
const tiledLayers = [
  { id: 'communities', style: null },
  { id: 'water', style: waterStyleFunction },
  { id: 'roads', style: roadStyleFunction },
  { id: 'walkways', style: walkwayStyleFunction, minZoom: 14 },
  { id: 'plan', style: planStyleFunction },
  { id: 'sites', style: siteStyleFunction },
];

const state = {
  coverage: null,
  shares: null,
  nearest: null,
  popup: null,
  /** The plan's features' properties (names of the axis, points, belt and zones for the legend). */
  plan: [],
};

const urlLanguage = new URLSearchParams(window.location.search).get('lang');
setLanguage(urlLanguage ?? window.localStorage.getItem('huayang-viewer-lang') ?? 'zh');

const view = new View({ center: fromLonLat([104.0513, 30.4880]), zoom: 13, maxZoom: 20 });
const map = new Map({
  target: 'map',
  view,
  controls: defaultControls({ attribution: false }).extend([new ScaleLine({ units: 'metric', bar: true, steps: 4, text: true, minWidth: 120 })]),
});

const popupOverlay = new Overlay({ element: $('popup'), autoPan: { animation: { duration: 200 } }, positioning: 'bottom-center', offset: [0, -12] });
map.addOverlay(popupOverlay);

const coverageSource = new VectorSource();
const coverageLayer = new VectorLayer({
  source: coverageSource,
  visible: false,
  style: () => uncoveredStyle(),
});
const nearestSource = new VectorSource();
const nearestLayer = new VectorLayer({
  source: nearestSource,
  style: (feature) => (feature.getGeometry() instanceof Point
    ? new Style({ image: new Circle({ radius: 6, fill: new Fill({ color: '#000000' }), stroke: new Stroke({ color: '#ffffff', width: 2 }) }) })
    : new Style({ stroke: new Stroke({ color: toolColours.nearestLine, width: 2.5, lineDash: [6, 4] }) })),
});

/** Every layer of the layer list, top of the list = top of the map. */
const layerEntries = [];
const sitesById = new globalThis.Map();
const searchIndex = [];

const viewer = {
  map,
  layers: {},
  drawn: false,
  drawnAtMs: null,
  lastExportUrl: null,
  /** The CSS pixel of a WGS84 position inside the map element. */
  pixelOf(lon, lat) {
    return map.getPixelFromCoordinate(fromLonLat([lon, lat]));
  },
  /** Resolves once every visible layer has loaded and drawn. */
  whenRendered() {
    return new Promise((resolve) => {
      map.once('rendercomplete', () => resolve(true));
      map.render();
    });
  },
  setView(lon, lat, zoom) {
    view.setCenter(fromLonLat([lon, lat]));
    view.setZoom(zoom);
    return viewer.whenRendered();
  },
};
window.huayangViewer = viewer;

/** Shows that the map style could not load: the map is then not drawn at all rather than drawn unstyled. */
function showStyleError(error) {
  const banner = $('style-error');
  banner.textContent = `${t('styleFailed')} (${error.message})`;
  banner.hidden = false;
  status.textContent = t('loadFailed')('/map/style.json');
  console.error('huayang viewer: /map/style.json:', error);
}

async function start() {
  status.textContent = t('loading');
  try {
    await loadMapStyle();
  } catch (error) {
    showStyleError(error);
    return;
  }
  const [tileJsons, plan] = await Promise.all([
    Promise.all(tiledLayers.map((entry) => getJson(`tiles/${entry.id}.json`))),
    getJson('collections/plan/items', { limit: 100 }),
  ]);
  state.plan = plan.features.map((feature) => ({ ...feature.properties, id: feature.properties?.id ?? feature.id }));
  setPlanPointOrder(state.plan.filter((p) => p.kind === 'point').map((p) => p.id));
  renderLegendNow();
  const bounds = tileJsons[0].bounds;
  const extent = transformExtent(bounds, 'EPSG:4326', 'EPSG:3857');
  tiledLayers.forEach((entry, index) => {
    const tileJson = tileJsons[index];
    const layer = new VectorTileLayer({
      source: new VectorTileSource({
        format: new MVT({ layers: [entry.id] }),
        url: tileJson.tiles[0],
        minZoom: tileJson.minzoom,
        maxZoom: Math.min(tileJson.maxzoom, 16),
        attributions: tileJson.attribution,
      }),
      style: entry.id === 'communities' ? communityStyleFunction(() => state.shares) : entry.style,
      extent: transformExtent(tileJson.bounds, 'EPSG:4326', 'EPSG:3857'),
      minZoom: entry.minZoom,
      declutter: entry.id === 'communities' || entry.id === 'sites',
      renderMode: 'hybrid',
      properties: { id: entry.id, pickable: true },
    });
    map.addLayer(layer);
    registerLayer(entry.id, layer);
    if (entry.id === 'communities') {
      map.addLayer(coverageLayer);
      coverageLayer.set('id', 'coverage');
      registerLayer('coverage', coverageLayer);
    }
  });
  map.addLayer(nearestLayer);
  registerLayer('nearest', nearestLayer);
  view.fit(extent, { padding: [20, 20, 20, 20] });

  const drawn = viewer.whenRendered();
  const [sites, communities] = await Promise.all([
    getJson('collections/sites/items', { limit: 10000 }),
    getJson('collections/communities/items', { limit: 10000 }),
  ]);
  indexFeatures(sites, 'site');
  indexFeatures(communities, 'community');
  await drawn;
  viewer.drawn = true;
  viewer.drawnAtMs = performance.now();
  status.textContent = '';
}

function registerLayer(id, layer) {
  viewer.layers[id] = layer;
  layerEntries.unshift({ id, layer });
  renderLayerList();
}

function indexFeatures(collection, kind) {
  const features = new GeoJSON().readFeatures(collection, { dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });
  for (const feature of features) {
    const properties = feature.getProperties();
    if (kind === 'site') {
      sitesById.set(String(feature.getId() ?? properties.id), feature);
    }
    searchIndex.push({ kind, feature, id: String(feature.getId() ?? properties.id) });
  }
}

// --- layer list --------------------------------------------------------------------------------

function renderLayerList() {
  const list = $('layer-list');
  list.replaceChildren(...layerEntries.map(({ id, layer }) => {
    const item = document.createElement('li');
    item.dataset.layer = id;
    const toggle = document.createElement('input');
    toggle.type = 'checkbox';
    toggle.id = `layer-toggle-${id}`;
    toggle.checked = layer.getVisible();
    toggle.addEventListener('change', () => layer.setVisible(toggle.checked));
    const name = document.createElement('label');
    name.htmlFor = toggle.id;
    name.className = 'layer-name';
    name.textContent = t('layer')[id];
    const opacity = document.createElement('input');
    opacity.type = 'range';
    opacity.min = '0';
    opacity.max = '1';
    opacity.step = '0.05';
    opacity.value = String(layer.getOpacity());
    opacity.id = `layer-opacity-${id}`;
    opacity.title = t('opacity');
    opacity.setAttribute('aria-label', `${t('opacity')}: ${t('layer')[id]}`);
    opacity.addEventListener('input', () => layer.setOpacity(Number(opacity.value)));
    item.append(toggle, name, opacity);
    return item;
  }));
}

// --- popup -------------------------------------------------------------------------------------

const hiddenAttributes = new Set(['geometry', 'layer', 'name_zh', 'name_en', 'interpretation']);

function showPopup(properties, coordinate, layerId) {
  state.popup = { properties, coordinate, layerId };
  renderPopup();
  popupOverlay.setPosition(coordinate);
  $('popup').hidden = false;
}

function renderPopup() {
  if (!state.popup) {
    return;
  }
  const { properties, layerId } = state.popup;
  const content = $('popup-content');
  const heading = document.createElement('div');
  heading.className = 'popup-layer';
  heading.textContent = t('layer')[layerId] ?? layerId;
  const zh = document.createElement('div');
  zh.className = 'popup-name-zh';
  zh.lang = 'zh-CN';
  zh.textContent = properties.name_zh ?? '';
  const en = document.createElement('div');
  en.className = 'popup-name-en';
  en.lang = 'en';
  en.textContent = properties.name_en ?? '';
  const table = document.createElement('table');
  const rows = Object.entries(properties).filter(([key, value]) => !hiddenAttributes.has(key) && value !== null && value !== undefined && value !== '');
  if (layerId === 'communities' && state.shares?.has(properties.id)) {
    rows.push(['covered_share', state.shares.get(properties.id)]);
  }
  for (const [key, value] of rows) {
    const row = table.insertRow();
    row.insertCell().textContent = t('attributes')[key] ?? key;
    row.insertCell().textContent = formatAttribute(key, value);
  }
  content.replaceChildren(heading, zh, en, table);
}

function formatAttribute(key, value) {
  switch (key) {
    case 'category':
      return categoryName(value);
    case 'status':
      return value === 'planned' ? t('planned') : value === 'existing' ? t('existing') : String(value);
    case 'kind':
      return t('planKind')[value] ?? String(value);
    case 'covered_share':
      return percent(value);
    default:
      return typeof value === 'number' ? value.toLocaleString(currentLanguage() === 'zh' ? 'zh-CN' : 'en-GB') : String(value);
  }
}

function hidePopup() {
  state.popup = null;
  $('popup').hidden = true;
  popupOverlay.setPosition(undefined);
}

$('popup-close').addEventListener('click', hidePopup);

// --- clicks: popup or the nearest tool ---------------------------------------------------------

map.on('singleclick', (event) => {
  if ($('nearest-mode').checked) {
    runNearest(event.coordinate).catch(fail('/analysis/nearest'));
    return;
  }
  const hit = map.forEachFeatureAtPixel(event.pixel, (feature, layer) => ({ feature, layer }), {
    hitTolerance: 4,
    layerFilter: (layer) => layer.get('pickable') === true,
  });
  if (hit) {
    showPopup(hit.feature.getProperties(), event.coordinate, hit.layer.get('id'));
  } else {
    hidePopup();
  }
});

async function runNearest(coordinate) {
  const [lon, lat] = toLonLat(coordinate);
  const k = $('nearest-k').value;
  const sites = await getJson('analysis/nearest', { lon: lon.toFixed(6), lat: lat.toFixed(6), k });
  state.nearest = { coordinate, sites };
  nearestSource.clear();
  nearestSource.addFeature(new Feature(new Point(coordinate)));
  for (const site of sites) {
    const target = sitesById.get(site.id);
    if (target) {
      nearestSource.addFeature(new Feature(new LineString([coordinate, target.getGeometry().getCoordinates()])));
    }
  }
  renderNearestList();
}

function renderNearestList() {
  const list = $('nearest-list');
  if (!state.nearest) {
    list.replaceChildren();
    return;
  }
  list.replaceChildren(...state.nearest.sites.map((site) => {
    const item = document.createElement('li');
    item.dataset.siteId = site.id;
    const name = document.createElement('span');
    name.className = 'nearest-name';
    name.textContent = nameOf(site);
    const detail = document.createElement('span');
    detail.className = 'nearest-distance';
    detail.textContent = ` ${categoryName(site.category)} · ${site.distance_m.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ${t('metres')}`;
    item.append(name, detail);
    return item;
  }));
}

$('nearest-mode').addEventListener('change', () => {
  map.getTargetElement().classList.toggle('picking', $('nearest-mode').checked);
  if (!$('nearest-mode').checked) {
    state.nearest = null;
    nearestSource.clear();
    renderNearestList();
  } else {
    hidePopup();
  }
});

// --- coverage theme ----------------------------------------------------------------------------

function renderCoverageChoices() {
  const category = $('coverage-category');
  const level = $('coverage-level');
  const chosenCategory = category.value || 'kindergarten';
  const chosenLevel = level.value || levels[0].id;
  category.replaceChildren(...categories.map((c) => new Option(categoryName(c.id), c.id)));
  level.replaceChildren(...levels.map((l) => new Option(`${levelName(l.id)} (${l.radius_m} ${t('metres')})`, l.id)));
  category.value = chosenCategory;
  level.value = chosenLevel;
}

async function applyCoverage() {
  const category = $('coverage-category').value;
  const level = $('coverage-level').value;
  const [coverage, gaps] = await Promise.all([
    getJson('analysis/coverage', { category, level }),
    getJson('analysis/coverage/gaps', { category, level }),
  ]);
  state.coverage = coverage;
  state.shares = new globalThis.Map(coverage.communities.map((c) => [c.community_id, c.covered_share]));
  coverageSource.clear();
  coverageSource.addFeatures(new GeoJSON().readFeatures(gaps, { dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' })
    .filter((feature) => feature.get('kind') === 'uncovered'));
  coverageLayer.setVisible(true);
  viewer.layers.communities.changed();
  renderLayerList();
  renderCoverageTotal();
  renderLegendNow();
  renderPopup();
}

function clearCoverage() {
  state.coverage = null;
  state.shares = null;
  coverageSource.clear();
  coverageLayer.setVisible(false);
  viewer.layers.communities?.changed();
  renderLayerList();
  renderCoverageTotal();
  renderLegendNow();
}

function renderCoverageTotal() {
  const total = $('coverage-total');
  if (!state.coverage) {
    total.textContent = '';
    return;
  }
  const { covered_population: covered, population, covered_share: share } = state.coverage.total;
  total.textContent = `${categoryName(state.coverage.category)} · ${levelName(state.coverage.level)}: `
    + t('coverageTotal')(percent(share), covered.toLocaleString('en-GB'), population.toLocaleString('en-GB'));
}

$('coverage-apply').addEventListener('click', () => applyCoverage().catch(fail('/analysis/coverage')));
$('coverage-clear').addEventListener('click', clearCoverage);

function percent(share) {
  return `${(share * 100).toFixed(1)}%`;
}

// --- search ------------------------------------------------------------------------------------

const searchInput = $('search');
const searchResults = $('search-results');

function matches(query) {
  const q = query.trim().toLowerCase();
  if (!q) {
    return [];
  }
  return searchIndex.filter(({ feature }) => {
    const zh = feature.get('name_zh') ?? '';
    const en = (feature.get('name_en') ?? '').toLowerCase();
    return zh.includes(query.trim()) || en.includes(q);
  }).slice(0, 12);
}

function renderSearchResults() {
  const found = matches(searchInput.value);
  if (!searchInput.value.trim()) {
    searchResults.hidden = true;
    return;
  }
  searchResults.hidden = false;
  if (found.length === 0) {
    const item = document.createElement('li');
    item.className = 'empty';
    item.textContent = t('noResults');
    searchResults.replaceChildren(item);
    return;
  }
  searchResults.replaceChildren(...found.map((entry) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.featureId = entry.id;
    button.textContent = `${nameOf(entry.feature.getProperties())} · ${t('layer')[entry.kind === 'site' ? 'sites' : 'communities']}`;
    button.addEventListener('click', () => goTo(entry));
    item.append(button);
    return item;
  }));
}

function goTo(entry) {
  const geometry = entry.feature.getGeometry();
  searchResults.hidden = true;
  searchInput.value = nameOf(entry.feature.getProperties());
  const layerId = entry.kind === 'site' ? 'sites' : 'communities';
  const onArrival = () => {
    const anchor = entry.kind === 'site' ? geometry.getCoordinates() : geometry.getInteriorPoint().getCoordinates().slice(0, 2);
    showPopup(entry.feature.getProperties(), anchor, layerId);
  };
  if (entry.kind === 'site') {
    view.animate({ center: geometry.getCoordinates(), zoom: 17, duration: 300 }, onArrival);
  } else {
    view.fit(geometry.getExtent(), { padding: [60, 60, 60, 60], duration: 300, callback: onArrival });
  }
}

searchInput.addEventListener('input', renderSearchResults);
searchInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    const [first] = matches(searchInput.value);
    if (first) {
      goTo(first);
    }
  } else if (event.key === 'Escape') {
    searchResults.hidden = true;
  }
});

// --- export PNG through the server's renderer --------------------------------------------------

// The layers the server's renderer draws (walkways and population are viewer-only).
const PICTURE_LAYERS = new Set(['communities', 'water', 'roads', 'plan', 'sites']);

$('export-png').addEventListener('click', () => {
  const [width, height] = map.getSize().map((v) => Math.min(4096, Math.max(1, Math.round(v))));
  // /map.png takes the box in WGS84 lon/lat whatever CRS it draws in.
  const bbox = transformExtent(view.calculateExtent(map.getSize()), 'EPSG:3857', 'EPSG:4326')
    .map((v) => v.toFixed(6)).join(',');
  const visible = tiledLayers.map((entry) => entry.id)
    .filter((id) => PICTURE_LAYERS.has(id) && viewer.layers[id].getVisible());
  const params = { bbox, width, height, layers: (visible.length > 0 ? visible : ['communities']).join(','), crs: 'EPSG:3857' };
  if (state.coverage) {
    Object.assign(params, { theme: 'coverage', category: state.coverage.category, level: state.coverage.level });
  }
  const url = apiUrl('map.png', params);
  viewer.lastExportUrl = url.toString();
  window.open(url, '_blank');
});

// --- mouse position in WGS84 and CGCS2000 / GK CM 105E ------------------------------------------

map.on('pointermove', (event) => {
  if (event.dragging) {
    return;
  }
  const [lon, lat] = toLonLat(event.coordinate);
  const [easting, northing] = transform(event.coordinate, 'EPSG:3857', 'EPSG:4544');
  $('mouse-wgs84').textContent = `${lon.toFixed(6)}°E, ${lat.toFixed(6)}°N`;
  $('mouse-cgcs2000').textContent = `E ${easting.toFixed(1)} m, N ${northing.toFixed(1)} m`;
});

// --- language ----------------------------------------------------------------------------------

function renderLegendNow() {
  renderLegend($('legend'), state.coverage, state.plan);
}

function applyLanguage() {
  const language = currentLanguage();
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  document.title = language === 'zh' ? '华阳街道规划地图' : 'Huayang Street planning map';
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll('[data-i18n-placeholder]')) {
    element.placeholder = t(element.dataset.i18nPlaceholder);
  }
  for (const button of document.querySelectorAll('[data-lang]')) {
    const active = button.dataset.lang === language;
    button.classList.toggle('active', active);
    button.setAttribute('aria-pressed', String(active));
  }
  renderLayerList();
  renderCoverageChoices();
  renderCoverageTotal();
  renderNearestList();
  renderLegendNow();
  renderPopup();
  if (searchInput.value && !searchResults.hidden) {
    renderSearchResults();
  }
  for (const layer of Object.values(viewer.layers)) {
    layer.changed();
  }
}

for (const button of document.querySelectorAll('[data-lang]')) {
  button.addEventListener('click', () => {
    setLanguage(button.dataset.lang);
    window.localStorage.setItem('huayang-viewer-lang', currentLanguage());
    applyLanguage();
  });
}

function fail(what) {
  return (error) => {
    status.textContent = t('loadFailed')(what);
    console.error(`huayang viewer: ${what}:`, error);
  };
}

applyLanguage();
start().catch(fail('/tiles'));
