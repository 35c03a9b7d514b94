// The edit requests of OGC API – Features Part 4 as the server answers them: which collections it lets edit (Part 4 in
// /conformance, then POST in each collection's OPTIONS Allow), a feature with its ETag, and POST / PATCH (JSON Merge
// Patch) / DELETE with the API key (Authorization: Bearer) and If-Match. The key is kept in the tab's sessionStorage.
import { apiUrl, getJson } from './api.js';

const keyStorage = 'huayang.editKey';

/** The API key of this tab: read, kept, forgotten. */
export const editKey = {
  get: () => sessionStorage.getItem(keyStorage),
  set: (key) => sessionStorage.setItem(keyStorage, key),
  clear: () => sessionStorage.removeItem(keyStorage),
};

const itemsPath = (collection) => `collections/${encodeURIComponent(collection)}/items`;
const itemPath = (collection, id) => `${itemsPath(collection)}/${encodeURIComponent(id)}`;

/**
 * The names of the collections of <paramref name="definitions"/> (the server's layer list) the server lets edit:
 * none unless /conformance declares Part 4 (so a server without edits is asked nothing more), then those whose items
 * allow POST.
 */
export async function editableCollections(definitions) {
  const conformance = await getJson('conformance');
  if (!(conformance.conformsTo ?? []).some((uri) => uri.includes('/ogcapi-features-4/'))) {
    return [];
  }
  const named = definitions.filter((definition) => definition.collection);
  const allowed = await Promise.all(named.map(async (definition) => {
    const response = await fetch(apiUrl(itemsPath(definition.name)), { method: 'OPTIONS' });
    return response.ok && (response.headers.get('Allow') ?? '').split(',').some((method) => method.trim() === 'POST');
  }));
  return named.filter((_, i) => allowed[i]).map((definition) => definition.name);
}

/** Reads a problem+json body, or a problem of the status line when the body is none. */
async function problemOf(response) {
  try {
    const body = await response.json();
    return { ...body, detail: body.detail ?? body.title ?? `${response.status}` };
  } catch {
    return { status: response.status, detail: `${response.status} ${response.statusText}` };
  }
}

/**
 * A feature as the server has it now: { status: 200, feature (GeoJSON, lon/lat), etag }, or { status, problem }.
 * Never from the browser's cache: the ETag must be the current one.
 */
export async function readFeature(collection, id) {
  const response = await fetch(apiUrl(itemPath(collection, id)), { headers: { Accept: 'application/geo+json' }, cache: 'no-store' });
  if (!response.ok) {
    return { status: response.status, problem: await problemOf(response) };
  }
  return { status: 200, feature: await response.json(), etag: response.headers.get('ETag') };
}

/** The latest entry of a feature's history ({ seq, operation, key, at, before, after }), or null. */
export async function latestChange(collection, id) {
  const response = await fetch(apiUrl(`${itemPath(collection, id)}/history`), { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) {
    return null;
  }
  const { changes } = await response.json();
  return changes.reduce((latest, change) => (!latest || change.seq > latest.seq ? change : latest), null);
}

/**
 * Sends one write: <paramref name="edit"/> is { method: 'POST' | 'PATCH' | 'DELETE', collection, id (not for POST),
 * body (not for DELETE), etag (If-Match, not for POST) }. Answers { status, etag, location } or { status, problem }.
 */
export async function sendEdit(edit, key) {
  const headers = { Authorization: `Bearer ${key}`, Accept: 'application/json' };
  if (edit.etag) {
    headers['If-Match'] = edit.etag;
  }
  if (edit.body) {
    headers['Content-Type'] = edit.method === 'PATCH' ? 'application/merge-patch+json' : 'application/geo+json';
  }
  const path = edit.method === 'POST' ? itemsPath(edit.collection) : itemPath(edit.collection, edit.id);
  const response = await fetch(apiUrl(path), {
    method: edit.method, headers, body: edit.body ? JSON.stringify(edit.body) : undefined, cache: 'no-store',
  });
  if (!response.ok) {
    return { status: response.status, problem: await problemOf(response) };
  }
  // The (empty) body is read to its end: a response left unread is cancelled, and the browser counts the request as failed.
  await response.arrayBuffer();
  return { status: response.status, etag: response.headers.get('ETag'), location: response.headers.get('Location') };
}
