// Editing (OGC API – Features Part 4), offered only when the server lets a collection be edited (editApi.js): the
// "Edit" toggle in the bar asks for the API key once (editDialogs.js; kept for the tab), then a click selects a point
// of an editable layer (a site, a plan point; lines and areas are not edited here): it is read again with its ETag,
// drawn in the overlay "edit" and its attributes shown in the form (editForm.js). The selected point is moved by
// dragging it (PATCH of the geometry as soon as it is dropped); Save sends the fields the user changed (PATCH), Delete
// asks and sends DELETE, "Add a site" places a new point where the map is clicked and Save sends it (POST). Every
// write carries If-Match with the version the user started from; a 412 shows the current version beside the user's
// (never overwritten silently), a 401 asks for the key again with the server's words, a 422 writes the server's
// problems next to the fields they name. A write that is not saved leaves the feature as the server has it.
import Feature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import Point from 'ol/geom/Point.js';
import Translate from 'ol/interaction/Translate.js';
import VectorLayer from 'ol/layer/Vector.js';
import { toLonLat } from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import { Circle, Fill, Stroke, Style } from 'ol/style.js';
import { editableCollections, editKey, latestChange, readFeature, sendEdit } from './editApi.js';
import { askKey, confirmDelete, resolveConflict } from './editDialogs.js';
import { createEditForm } from './editForm.js';
import { featuresAt } from './hitTest.js';
import { nameOf, t } from './i18n.js';

const geoJson = new GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

/** Degrees rounded to 7 decimals (about 1 cm), as the data holds them. */
const rounded = (lonLat) => lonLat.map((value) => Math.round(value * 1e7) / 1e7);

/** A version with a merge patch applied (RFC 7396, one level under properties): what the user's write would make. */
function patched(feature, patch) {
  return {
    ...feature,
    geometry: patch.geometry ?? feature.geometry,
    properties: { ...feature.properties, ...(patch.properties ?? {}) },
  };
}

/**
 * @param {object} options
 * @param {import('ol/Map.js').default} options.map
 * @param {import('./layerSet.js').LayerSet} options.layers
 * @param {ReturnType<import('./tools.js').createToolSwitch>} options.tools
 * @param {(collection: string) => object[]} options.features the named features of a collection, for references
 * @param {(collection: string, id: string) => object | undefined} options.named a named feature's attributes by id
 * @param {(collection: string) => void} options.onEdited called after a write the server took
 * @param {() => void} options.onStart called when the edit mode starts (the popup closes)
 */
export function createEditTool({ map, layers, tools, features, named, onEdited, onStart }) {
  const toggle = document.getElementById('edit-toggle');
  const bar = document.getElementById('edit-bar');
  const hint = document.getElementById('edit-hint');
  const addButton = document.getElementById('edit-add');
  const status = document.getElementById('edit-status');
  const formElement = document.getElementById('edit-form');
  const form = createEditForm({ layers, features });
  const source = new VectorSource();
  const layer = new VectorLayer({
    source,
    style: [
      new Style({ image: new Circle({ radius: 14, stroke: new Stroke({ color: '#ffffff', width: 6 }) }) }),
      new Style({ image: new Circle({ radius: 14, stroke: new Stroke({ color: '#e4007f', width: 3 }) }) }),
      new Style({ image: new Circle({ radius: 6, fill: new Fill({ color: '#e4007f' }), stroke: new Stroke({ color: '#ffffff', width: 2 }) }) }),
    ],
  });
  layer.set('id', 'edit');
  const translate = new Translate({ layers: [layer], filter: (feature) => feature.getGeometry()?.getType() === 'Point' });
  translate.setActive(false);
  map.addInteraction(translate);
  /** The collections the server lets edit, and the one new points are added to (its geometry is points only). */
  let editable = [];
  let pointLayer = null;
  let on = false;
  let adding = false;
  let busy = false;
  /** The selected feature: { layerId, id, etag, feature (GeoJSON as read), isNew } with its OpenLayers copy; or null. */
  let selected = null;
  /** The last message of the edit bar: a function of the language, so that it is written again in the other. */
  let message = null;

  function say(next) {
    message = next;
    status.textContent = message ? message() : '';
  }

  function renderBar() {
    toggle.hidden = editable.length === 0;
    toggle.classList.toggle('active', on);
    toggle.setAttribute('aria-pressed', String(on));
    bar.hidden = !on;
    addButton.hidden = pointLayer === null;
    addButton.setAttribute('aria-pressed', String(adding));
    addButton.classList.toggle('active', adding);
    hint.textContent = adding ? t('editAddHint') : t('editHint');
    status.textContent = message ? message() : '';
  }

  /** The stored key, or (none stored, or <paramref name="refusal"/> says it was refused) the one the user enters now. */
  async function key(refusal) {
    const stored = editKey.get();
    if (stored && !refusal) {
      return stored;
    }
    const entered = await askKey(refusal);
    if (entered) {
      editKey.set(entered);
    }
    return entered;
  }

  function deselect() {
    selected = null;
    source.clear();
    form.hide();
  }

  function stop() {
    on = false;
    adding = false;
    translate.setActive(false);
    deselect();
    renderBar();
  }

  async function start() {
    if (!(await key())) {
      return;
    }
    tools.start('edit');
    onStart();
    on = true;
    translate.setActive(true);
    say(null);
    renderBar();
  }

  /** Selects a feature as the server has it now: drawn in the overlay, its attributes in the form. */
  function showSelected(layerId, feature, etag) {
    const copy = geoJson.readFeature(feature);
    source.clear();
    source.addFeature(copy);
    selected = { layerId, id: String(feature.id ?? feature.properties?.id), etag, feature, copy, isNew: false };
    const point = feature.geometry?.type === 'Point' ? feature.geometry.coordinates : null;
    form.show({ layerId, properties: feature.properties, position: point });
  }

  async function select(layerId, id) {
    const answer = await readFeature(layerId, id);
    if (answer.status !== 200) {
      say(() => t('editLoadFailed')(answer.problem.detail));
      return;
    }
    showSelected(layerId, answer.feature, answer.etag);
  }

  /** A new point of the point layer at a map coordinate, its form open with the layer's defaults. */
  function placeNew(coordinate) {
    adding = false;
    const copy = new Feature(new Point(coordinate));
    source.clear();
    source.addFeature(copy);
    const statusField = layers.definition(pointLayer)?.fields?.find((field) => field.name === 'status');
    const properties = statusField?.allowed?.includes('planned') ? { status: 'planned' } : {};
    selected = { layerId: pointLayer, id: null, etag: null, feature: null, copy, isNew: true };
    form.show({ layerId: pointLayer, properties, isNew: true, position: rounded(toLonLat(coordinate)) });
    say(null);
    renderBar();
  }

  /** Puts the overlay's copy back where the server has the feature (a move that was not saved). */
  function revert(target) {
    if (target === selected && target.feature?.geometry?.type === 'Point') {
      target.copy.setGeometry(geoJson.readGeometry(target.feature.geometry));
      form.setPosition(target.feature.geometry.coordinates);
    }
  }

  /** After a 412: the current version beside the user's; resolves the ETag to overwrite with, or null to keep theirs. */
  async function conflict(target, edit) {
    const fresh = await readFeature(target.layerId, target.id);
    if (fresh.status === 404) {
      deselect();
      say(() => t('editGone'));
      return null;
    }
    if (fresh.status !== 200) {
      throw new Error(fresh.problem.detail);
    }
    const change = await latestChange(target.layerId, target.id);
    const fields = (layers.definition(target.layerId)?.fields ?? []).map((field) => field.name).filter((name) => name !== 'id');
    const mine = edit.method === 'DELETE' ? null : patched(fresh.feature, edit.body);
    const choice = await resolveConflict({ layerId: target.layerId, fields, theirs: fresh.feature, mine, change, named });
    if (choice === 'mine') {
      return fresh.etag;
    }
    if (target === selected) {
      showSelected(target.layerId, fresh.feature, fresh.etag);
    }
    onEdited(target.layerId);
    say(() => t('conflictKept'));
    return null;
  }

  /** Sends a write of the selected feature: the key, If-Match, then what the answer asks for. */
  async function write(edit) {
    const target = selected;
    const name = nameOf(edit.body?.properties ? { ...target.feature?.properties, ...edit.body.properties } : target.feature?.properties ?? {});
    busy = true;
    translate.setActive(false);
    form.clearProblems();
    say(() => t('editSaving'));
    try {
      let secret = await key();
      let etag = target.etag;
      while (secret) {
        const answer = await sendEdit({ ...edit, collection: target.layerId, id: target.id, etag }, secret);
        if (answer.status === 401) {
          editKey.clear();
          secret = await key(t('keyRefused')(answer.problem.detail));
          continue;
        }
        if (answer.status === 412) {
          etag = await conflict(target, edit);
          if (etag === null) {
            return;
          }
          continue;
        }
        if (answer.status >= 400) {
          if (answer.status === 422) {
            form.showProblems(answer.problem.problems, answer.problem.detail);
          } else {
            form.showProblem(t('editRefused')(answer.problem.detail));
          }
          revert(target);
          say(() => t('editNotSaved'));
          return;
        }
        onEdited(target.layerId);
        if (edit.method === 'DELETE') {
          deselect();
          say(() => t('editDeleted')(name));
          return;
        }
        const id = edit.method === 'POST' ? decodeURIComponent(new URL(answer.location, window.location.href).pathname.split('/').pop()) : target.id;
        const saved = await readFeature(target.layerId, id);
        if (saved.status === 200 && (target === selected || edit.method === 'POST')) {
          showSelected(target.layerId, saved.feature, saved.etag);
        }
        say(() => (edit.method === 'POST' ? t('editCreated')(name) : t('editSaved')(name)));
        return;
      }
      revert(target);
      say(() => t('editNotSaved'));
    } catch (error) {
      revert(target);
      say(() => t('editFailed')(error.message));
    } finally {
      busy = false;
      translate.setActive(on);
    }
  }

  translate.on('translateend', () => {
    const target = selected;
    if (!target) {
      return;
    }
    const position = rounded(toLonLat(target.copy.getGeometry().getCoordinates()));
    form.setPosition(position);
    if (!target.isNew) {
      write({ method: 'PATCH', body: { geometry: { type: 'Point', coordinates: position } } });
    }
  });

  formElement.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!selected || busy) {
      return;
    }
    if (selected.isNew) {
      const position = rounded(toLonLat(selected.copy.getGeometry().getCoordinates()));
      write({ method: 'POST', body: { type: 'Feature', geometry: { type: 'Point', coordinates: position }, properties: form.values() } });
      return;
    }
    const changes = form.changes();
    if (changes) {
      write({ method: 'PATCH', body: { properties: changes } });
    } else {
      say(() => t('editSaved')(nameOf(selected.feature.properties)));
    }
  });
  document.getElementById('edit-delete').addEventListener('click', async () => {
    if (!selected || selected.isNew || busy) {
      return;
    }
    const target = selected;
    if (await confirmDelete(nameOf(target.feature.properties) || target.id)) {
      write({ method: 'DELETE' });
    }
  });
  document.getElementById('edit-close').addEventListener('click', deselect);
  toggle.addEventListener('click', () => {
    if (on) {
      tools.stopped('edit');
      stop();
    } else {
      start();
    }
  });
  addButton.addEventListener('click', () => {
    adding = !adding;
    renderBar();
  });
  document.getElementById('edit-forget').addEventListener('click', async () => {
    editKey.clear();
    await key();
  });
  tools.register('edit', { stop });
  // A press on the form is not a press on the map.
  formElement.addEventListener('pointerdown', (event) => event.stopPropagation());

  return {
    layer,
    /** Asks the server which of the listed layers it lets edit; the toggle shows only when there is one. */
    async load(definitions) {
      editable = await editableCollections(definitions);
      pointLayer = editable.find((id) => {
        const geometry = layers.definition(id)?.geometry ?? [];
        return geometry.length > 0 && geometry.every((type) => type === 'Point');
      }) ?? null;
      renderBar();
    },
    active: () => on,
    /** A map click while editing: places the new point, keeps the selection, or selects what lies under it. */
    pick(event) {
      if (busy) {
        return;
      }
      if (adding && pointLayer) {
        placeNew(event.coordinate);
        return;
      }
      if (map.hasFeatureAtPixel(event.pixel, { layerFilter: (candidate) => candidate === layer, hitTolerance: 6 })) {
        return;
      }
      // Points only (the sites, the plan's two points): a click inside a plan zone is not a choice of the zone.
      const hit = featuresAt(map, event.pixel)
        .find((entry) => editable.includes(entry.layerId) && entry.feature.getGeometry()?.getType() === 'Point');
      if (!hit) {
        deselect();
        return;
      }
      select(hit.layerId, String(hit.properties.id ?? hit.feature.getId())).catch((error) => say(() => t('editLoadFailed')(error.message)));
    },
    /** Writes the bar and the form again in the current language. */
    render() {
      renderBar();
      form.render();
    },
  };
}
