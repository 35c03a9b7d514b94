// The viewer's entry: creates the map and each feature's module, wires them together, then loads the style table,
// the server's layer list and the layers. Each module owns its state; what one needs of another it is given here.
import 'ol/ol.css';
import './style.css';
import { transformExtent } from 'ol/proj.js';
import { getJson } from './api.js';
import { applyAccessibleLabels, keepAccessibleLabels } from './a11y.js';
import { createAttributeTable } from './attributeTable.js';
import { createBookmarks } from './bookmarks.js';
import { createComplianceTheme } from './complianceTheme.js';
import { createCoverageTheme } from './coverage.js';
import { createCoverageBox } from './coverageBox.js';
import { createCoverageTable } from './coverageTable.js';
import { createDrawer } from './drawer.js';
import { createEditTool } from './editTool.js';
import { createExportButton } from './exportPng.js';
import { createHighlight } from './highlight.js';
import { wholePercent } from './format.js';
import { categories, t } from './i18n.js';
import { createLabelLayer } from './labelLayer.js';
import { applyPageTexts, chooseInitialLanguage, createLanguageSwitch } from './language.js';
import { createTileLayers, loadLayerDefinitions } from './layerList.js';
import { LayerSet } from './layerSet.js';
import { createMap, whenRendered } from './mapView.js';
import { loadMapStyle } from './mapStyle.js';
import { createMeasureTool } from './measure.js';
import { showMousePosition } from './mousePosition.js';
import { createNearestTool } from './nearest.js';
import { createLiveData } from './liveData.js';
import { createLayerPanel } from './panel.js';
import { createPopup } from './popup.js';
import { createRadiusRings } from './radiusRing.js';
import { createSearch } from './search.js';
import { createServiceAreaTool } from './serviceArea.js';
import { fail, showStatus, showStyleError } from './status.js';
import { setPlanPointOrder } from './styles.js';
import { createSuggestTool } from './suggestTool.js';
import { installTestHooks } from './testHooks.js';
import { createToolSwitch } from './tools.js';
import { applyLinkedLanguage, createUrlState } from './urlState.js';

chooseInitialLanguage();
applyLinkedLanguage();

const map = createMap();
const layers = new LayerSet();
const coverage = createCoverageTheme({ onChange: coverageChanged, fail });
// The compliance theme and the coverage theme colour the communities in turn: applying one clears the other.
const compliance = createComplianceTheme({
  onApply: () => coverage.current() && coverage.clear(),
  onChange: themeChanged,
  fail,
});
const panel = createLayerPanel({
  map, layers, coverage: coverage.current, onChange: () => url.write(), siteProperties: (id) => labels.properties('sites', id),
});
const url = createUrlState({ map, layers, coverage: coverage.current, panel });
const drawer = createDrawer();
const bookmarks = createBookmarks({ map, onGo: drawer.closeOnPhone });
const labels = createLabelLayer({ map, layers, suffix: communityShare });
const tools = createToolSwitch();
const toolStarted = () => {
  popup.hide();
  drawer.closeOnPhone();
};
const serviceArea = createServiceAreaTool({ map, tools, onStart: toolStarted, fail });
const popup = createPopup({
  map, layers, coverageShares: coverage.shares, named: labels.properties, coverage, parts: [compliance.popupPart, serviceArea.popupPart],
});
const coverageBox = createCoverageBox({ coverage: coverage.current });
const coverageTable = createCoverageTable({
  map, coverage: coverage.current, community: (id) => labels.properties('communities', id), showPopup: popup.show,
});
const search = createSearch({ view: map.getView(), showPopup: popup.show, layerTitle: (id) => layers.title(id) });
const highlight = createHighlight({ map });
const suggest = createSuggestTool({ onGo: (point) => highlight.show(point, { done: drawer.closeOnPhone }), fail });
const nearest = createNearestTool({
  map,
  siteById: search.siteById,
  tools,
  onActivate: popup.hide,
  onGo: (site) => highlight.show(site.getGeometry(), {
    done: () => popup.show(site.getProperties(), site.getGeometry().getCoordinates(), 'sites'),
  }),
});
const measure = createMeasureTool({ map, tools, onStart: toolStarted });
const rings = createRadiusRings({ map, tools, onStart: toolStarted });
const table = createAttributeTable({
  layers, named: labels.properties, highlight, setSiteFilter: panel.setSiteFilter, onOpen: drawer.closeOnPhone, fail: fail('/collections'),
});
// What the map shows follows the server's data: the change feed and this viewer's own edits.
const live = createLiveData({ layers, readers: [labels, search, table], popup, themes: [coverage, compliance], fail: fail('/changes') });
const edit = createEditTool({
  map, layers, tools, features: labels.features, named: labels.properties, onEdited: live.changed, onStart: toolStarted,
});
createExportButton({ map, layers, coverage: coverage.current, sites: shownSites });
showMousePosition(map);

map.on('singleclick', (event) => {
  if (nearest.active()) {
    nearest.run(event.coordinate).catch(fail('/analysis/nearest'));
  } else if (rings.active()) {
    rings.place(event.coordinate);
  } else if (serviceArea.active()) {
    serviceArea.pick(event);
  } else if (edit.active()) {
    edit.pick(event);
  } else if (tools.active() !== 'measure') {
    // While measuring, the drawing takes the click.
    popup.pick(event);
  }
});

/** A community's covered share as its label writes it while a coverage theme is shown. */
function communityShare(collection, id) {
  const share = collection === 'communities' ? coverage.shares()?.get(id) : undefined;
  return share === undefined ? undefined : wholePercent(share);
}

/** The sites the map draws: the categories the panel shows and the attribute table keeps (null: all), its status. */
function shownSites() {
  const { category, status } = table.siteFilter();
  const hidden = new Set(panel.hiddenCategories());
  const shown = categories.map((c) => c.id).filter((id) => !hidden.has(id) && (!category || id === category));
  return { categories: hidden.size > 0 || category ? shown : null, status };
}

function coverageChanged() {
  if (coverage.current()) {
    compliance.clear();
  }
  themeChanged();
}

/** A theme of the communities (coverage or compliance) was applied or cleared. */
function themeChanged() {
  layers.layer('communities')?.changed();
  coverageBox.render();
  coverageTable.render();
  labels.render();
  panel.render();
  popup.render();
  url.write();
}

/** Everything written in the current language, written again. */
function renderTexts() {
  coverage.render();
  coverageBox.render();
  coverageTable.render();
  compliance.render();
  serviceArea.render();
  suggest.render();
  nearest.render();
  measure.render();
  rings.render();
  table.render();
  panel.render();
  popup.render();
  search.render();
  labels.render();
  bookmarks.render();
  drawer.render();
  edit.render();
  applyAccessibleLabels();
  url.write();
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
  const [definitions, plan] = await Promise.all([loadLayerDefinitions(), getJson('collections/plan/items', { limit: 100 }), coverage.load()]);
  // The tools' level choices, now that the server's standard (coverage.load) has given the levels.
  compliance.render();
  serviceArea.render();
  suggest.render();
  const planFeatures = plan.features.map((feature) => ({ ...feature.properties, id: feature.properties?.id ?? feature.id }));
  setPlanPointOrder(planFeatures.filter((p) => p.kind === 'point').map((p) => p.id));
  panel.setPlan(planFeatures);
  bookmarks.setPlan(plan);

  const tiled = await createTileLayers(definitions, { coverageShares: coverage.shares, communityFill: compliance.fill });
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
  // The walking area over every data layer (its pixels are its colour over the map), under the names.
  layers.add('serviceArea', serviceArea.layer);
  layers.add('labels', labels.layer);
  // What the user measured, drew or chose is written above the names.
  layers.add('suggest', suggest.layer);
  layers.add('rings', rings.layer);
  layers.add('measure', measure.layer);
  layers.add('highlight', highlight.layer);
  // The feature being edited, above everything it is edited over.
  layers.add('edit', edit.layer);
  for (const { layer } of layers.entries) {
    map.addLayer(layer);
  }
  panel.render();
  if (tiled.length > 0) {
    bookmarks.setHome(transformExtent(tiled[0].tileJson.bounds, 'EPSG:4326', 'EPSG:3857'));
  }
  url.restore();

  const drawn = whenRendered(map);
  // Editing is offered once the server has said what it lets edit; the map does not wait for it.
  edit.load(definitions).catch(fail('/conformance'));
  await Promise.all([search.load(definitions), labels.load()]);
  live.listen();
  table.render();
  await drawn;
  showStatus('');
  return true;
}

applyPageTexts();
renderTexts();
keepAccessibleLabels();
const started = start();
started.catch(fail('/map/layers.json'));
installTestHooks({
  map,
  layers,
  labels,
  drawn: started.then((ok) => (ok ? true : Promise.reject(new Error('the map style did not load')))),
});
