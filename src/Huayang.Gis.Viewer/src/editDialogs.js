// The dialogs of editing (index.html's <dialog> elements, modal): the API key (asked once per tab, again after a 401
// with the server's words), the confirmation of a delete, and a conflict (the write found a newer version: the current
// version beside the user's, and the choice between keeping theirs and overwriting with the user's).
import { popupRows } from './format.js';
import { t } from './i18n.js';

/** Shows a modal dialog and resolves with the value of the button that closed it ('' for Escape). */
function ask(dialog) {
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

/**
 * Asks for the API key; <paramref name="message"/> says why (a refused key), else the first prompt. Resolves with
 * the key, or null when the user cancels.
 */
export async function askKey(message) {
  const dialog = document.getElementById('edit-key-dialog');
  const input = document.getElementById('edit-key-input');
  const text = document.getElementById('edit-key-message');
  text.textContent = message ?? t('keyPrompt');
  text.classList.toggle('edit-problem', Boolean(message));
  input.value = '';
  const answer = await ask(dialog);
  const key = input.value.trim();
  input.value = '';
  return answer === 'ok' && key ? key : null;
}

/** Asks whether to delete the feature named <paramref name="name"/>; resolves true to delete. */
export async function confirmDelete(name) {
  document.getElementById('edit-delete-message').textContent = t('deleteConfirm')(name);
  return (await ask(document.getElementById('edit-delete-dialog'))) === 'ok';
}

/** A field of a version as the popups write it (names for ids, units), '–' when empty. */
function shown(layerId, properties, key, named) {
  const value = properties[key];
  if (value === null || value === undefined || value === '') {
    return '–';
  }
  // The popups write the names apart from the rows, so a name is written as it is.
  const row = popupRows(layerId, properties, { named, share: undefined }).find(([rowKey]) => rowKey === key);
  return row ? String(row[2]) : String(value);
}

/** A point's position as the comparison writes it; other geometries by their type. */
function position(geometry) {
  if (!geometry) {
    return '–';
  }
  return geometry.type === 'Point' ? geometry.coordinates.map((c) => c.toFixed(6)).join(', ') : geometry.type;
}

/**
 * Shows the current version (<paramref name="theirs"/>, GeoJSON) beside the user's (<paramref name="mine"/>, GeoJSON,
 * or null for a delete), who changed it (<paramref name="change"/>, the latest history entry, or null) and asks; <paramref
 * name="named"/> gives the names of referenced features. Resolves
 * 'theirs' (keep theirs, discard mine) or 'mine' (overwrite with mine). Escape does not close it: one of the two is chosen.
 */
export async function resolveConflict({ layerId, fields, theirs, mine, change, named }) {
  const dialog = document.getElementById('edit-conflict-dialog');
  document.getElementById('edit-conflict-by').textContent = change ? t('conflictBy')(change.key, new Date(change.at).toLocaleString()) : '';
  const table = document.getElementById('edit-conflict-table');
  const head = table.createTHead();
  head.replaceChildren();
  const headRow = head.insertRow();
  for (const title of [t('conflictField'), t('conflictTheirs'), t('conflictMine')]) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = title;
    headRow.append(cell);
  }
  const names = { ...t('attributes'), ...t('editFieldNames') };
  const body = table.tBodies[0] ?? table.createTBody();
  body.replaceChildren();
  const rows = [
    ['geometry', position(theirs.geometry), mine ? position(mine.geometry) : t('conflictDeleted')],
    ...fields.map((key) => [key, shown(layerId, theirs.properties, key, named), mine ? shown(layerId, mine.properties, key, named) : t('conflictDeleted')]),
  ];
  for (const [key, theirText, myText] of rows) {
    const row = body.insertRow();
    row.dataset.field = key;
    row.classList.toggle('differs', theirText !== myText);
    row.insertCell().textContent = key === 'geometry' ? t('editPosition') : names[key] ?? key;
    const theirCell = row.insertCell();
    theirCell.className = 'theirs';
    theirCell.textContent = theirText;
    const myCell = row.insertCell();
    myCell.className = 'mine';
    myCell.textContent = myText;
  }
  const noEscape = (event) => event.preventDefault();
  dialog.addEventListener('cancel', noEscape);
  let answer = '';
  while (answer !== 'theirs' && answer !== 'mine') {
    answer = await ask(dialog);
  }
  dialog.removeEventListener('cancel', noEscape);
  return answer;
}
