// What the map shows follows the server's data without a page reload: the change feed (GET /changes, Server-Sent
// Events through EventSource, which reconnects by itself and sends Last-Event-ID so the server replays what was
// missed) names each edit's collection ("change") or a new load ("reload"); edits the viewer itself made are named by
// the edit tool. Bursts are gathered (a quarter second after the last, at most a second after the first) and then
// everything showing those collections is read again: the tiles, the names, the search, the attribute table, the
// open popup and the themes computed from the sites.
import { fromLonLat } from 'ol/proj.js';
import { apiUrl } from './api.js';
import { readFeature } from './editApi.js';
import { refreshTiles } from './layerList.js';

/** Milliseconds of quiet after which a burst of changes is applied, and the longest a change waits. */
const quietMs = 250;
const longestMs = 1000;

/**
 * @param {object} viewer what shows the data
 * @param {import('./layerSet.js').LayerSet} viewer.layers
 * @param {{ reload: (collections: string[]) => Promise<void> }[]} viewer.readers the label layer, the search and the
 *   attribute table: each reads again the collections it shows of those named
 * @param {ReturnType<import('./popup.js').createPopup>} viewer.popup
 * @param {{ refresh: () => void }[]} viewer.themes the coverage and compliance themes (applied again when shown)
 * @param {(error: Error) => void} viewer.fail reports a refresh that failed
 */
export function createLiveData({ layers, readers, popup, themes, fail }) {
  const pending = new Set();
  let everything = false;
  let quiet = null;
  let longest = null;

  /** The collections the viewer shows: every layer of the server's list that has one. */
  const allCollections = () => layers.entries.filter((entry) => entry.definition?.collection).map((entry) => entry.id);

  async function refreshPopup(collections) {
    const open = popup.shownFeature();
    if (!open || !collections.includes(open.layerId)) {
      return;
    }
    const answer = await readFeature(open.layerId, open.id);
    if (answer.status === 404) {
      popup.hide();
    } else if (answer.status === 200) {
      const { geometry, properties } = answer.feature;
      popup.replace(open, properties, geometry?.type === 'Point' ? fromLonLat(geometry.coordinates) : undefined);
    }
  }

  function apply() {
    clearTimeout(quiet);
    clearTimeout(longest);
    quiet = null;
    longest = null;
    const collections = everything ? allCollections() : [...pending];
    const themesToo = everything || collections.includes('sites');
    pending.clear();
    everything = false;
    for (const id of collections) {
      const layer = layers.layer(id);
      if (layer) {
        refreshTiles(layer);
      }
    }
    for (const reader of readers) {
      reader.reload(collections).catch(fail);
    }
    refreshPopup(collections).catch(fail);
    if (themesToo) {
      themes.forEach((theme) => theme.refresh());
    }
  }

  function schedule() {
    clearTimeout(quiet);
    quiet = setTimeout(apply, quietMs);
    longest ??= setTimeout(apply, longestMs);
  }

  return {
    /** A collection changed (an edit this viewer made). */
    changed(collection) {
      pending.add(collection);
      schedule();
    },
    /** Listens to the server's change feed for as long as the page is open. */
    listen() {
      const feed = new EventSource(apiUrl('changes'));
      feed.addEventListener('change', (event) => {
        const change = JSON.parse(event.data);
        if (typeof change.collection === 'string') {
          pending.add(change.collection);
          schedule();
        }
      });
      feed.addEventListener('reload', () => {
        everything = true;
        schedule();
      });
      return feed;
    },
  };
}
