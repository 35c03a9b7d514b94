// The viewer's entry: creates the map and each feature's module, wires them together, then loads the style table,
// the server's layer list and the layers. Each module owns its state; what one needs of another it is given here.
import 'ol/ol.css';
import './style.css';
import { transformExtent } from 'ol/proj.js';
import { getJson } from './api.js';
import { createCoverageTheme } from './coverage.js';
import { createExportButton } from './exportPng.js';
import { t } from './i18n.js';
import { createLabelLayer } from './labelLayer.js';
import { applyPageTexts, chooseInitialLanguage, createLanguageSwitch } from './language.js';
import { createTileLayers, loadLayerDefinitions } from './layerList.js';
import { LayerSet } from './layerSet.js';
import { renderLayerSwitcher } from './layerSwitcher.js';
import { createLegendPanel } from './legend.js';
import { createMap, whenRendered } from './mapView.js';
import { loadMapStyle } from './mapStyle.js';
import { showMousePosition } from './mousePosition.js';
import { createNearestTool } from './nearest.js';
import { createPopup } from './popup.js';
import { createSearch } from './search.js';
import { fail, showStatus, showStyleError } from './status.js';
import { setPlanPointOrder } from './styles.js';
import { installTestHooks } from './testHooks.js';

chooseInitialLanguage();

const map = createMap();
const layers = new LayerSet();
const coverage = createCoverageTheme({ onChange: coverageChanged, fail });
const legend = createLegendPanel({ coverage: coverage.current, layers });
const labels = createLabelLayer({ map, layers });
const popup = createPopup({ map, layers, coverageShares: coverage.shares, named: labels.properties });
const search = createSearch({ view: map.getView(), showPopup: popup.show, layerTitle: (id) => layers.title(id) });
const nearest = createNearestTool({ map, siteById: search.siteById, onActivate: popup.hide });
createExportButton({ map, layers, coverage: coverage.current });
showMousePosition(map);

map.on('singleclick', (event) => {
  if (nearest.active()) {
    nearest.run(event.coordinate).catch(fail('/analysis/nearest'));
  } else {
    popup.pick(event);
  }
});

function renderLayerList() {
  renderLayerSwitcher(document.getElementById('layer-list'), layers);
}

function coverageChanged() {
  layers.layer('communities')?.changed();
  renderLayerList();
  legend.render();
  popup.render();
}

/** Everything written in the current language, written again. */
function renderTexts() {
  renderLayerList();
  coverage.render();
  nearest.render();
  legend.render();
  popup.render();
  search.render();
  labels.render();
  for (const { layer } of layers.entries) {
    layer.changed();
  }
}

createLanguageSwitch(renderTexts);

/** Loads the style table, the layer list and the layers, and resolves once they have all drawn. */
async function start() {
  showStatus(t('loading'));
  try {
    await loadMapStyle();
  } catch (error) {
    showStyleError(error);
    return false;
  }
  const [definitions, plan] = await Promise.all([loadLayerDefinitions(), getJson('collections/plan/items', { limit: 100 })]);
  const planFeatures = plan.features.map((feature) => ({ ...feature.properties, id: feature.properties?.id ?? feature.id }));
  setPlanPointOrder(planFeatures.filter((p) => p.kind === 'point').map((p) => p.id));
  legend.setPlan(planFeatures);

  const tiled = await createTileLayers(definitions, { coverageShares: coverage.shares });
  for (const { id, definition, layer } of tiled) {
    layers.add(id, layer, definition);
    // The coverage theme's gaps lie over the communities, under everything else.
    if (id === 'communities') {
      layers.add('coverage', coverage.layer);
    }
  }
  if (!layers.layer('coverage')) {
    layers.add('coverage', coverage.layer);
  }
  layers.add('nearest', nearest.layer);
  layers.add('labels', labels.layer);
  for (const { layer } of layers.entries) {
    map.addLayer(layer);
  }
  renderLayerList();
  legend.render();
  if (tiled.length > 0) {
    map.getView().fit(transformExtent(tiled[0].tileJson.bounds, 'EPSG:4326', 'EPSG:3857'), { padding: [20, 20, 20, 20] });
  }

  const drawn = whenRendered(map);
  await Promise.all([search.load(), labels.load()]);
  await drawn;
  showStatus('');
  return true;
}

applyPageTexts();
renderTexts();
const started = start();
started.catch(fail('/map/layers.json'));
installTestHooks({
  map,
  layers,
  labels,
  drawn: started.then((ok) => (ok ? true : Promise.reject(new Error('the map style did not load')))),
});
