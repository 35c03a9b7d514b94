// The attribute form of editing (#edit-form over the map): one control per field of the layer's declaration in the
// server's layer list (types, required, allowed values, references): a list for allowed values, categories and
// references to other layers (by name), a number box for numbers, a check box for yes/no, a text box otherwise. It
// gives the values typed as the layer's fields are, the merge patch of what the user changed, and writes the server's
// 422 problems next to the fields they name (the others above the fields).
import { formatAttribute } from './format.js';
import { categories, categoryName, nameOf, t } from './i18n.js';

/** The reference the layer list gives for a field whose values are category ids. */
const categoriesReference = 'life-circles.json categories';

/**
 * @param {object} options
 * @param {import('./layerSet.js').LayerSet} options.layers
 * @param {(collection: string) => object[]} options.features the named features of a collection (their properties), for references
 */
export function createEditForm({ layers, features }) {
  const form = document.getElementById('edit-form');
  const title = document.getElementById('edit-form-title');
  const problem = document.getElementById('edit-form-problem');
  const container = document.getElementById('edit-fields');
  const deleteButton = document.getElementById('edit-delete');
  /** What the form shows: { layerId, base (the properties it started from), isNew, position ([lon, lat] or null) }, or null. */
  let shown = null;

  const fieldsOf = (layerId) => (layers.definition(layerId)?.fields ?? []).filter((field) => field.name !== 'id');

  /** The choices of a field as [value, text], or null when it is typed freely. */
  function choices(field) {
    if (field.references === categoriesReference || field.name === 'category') {
      return categories.map((c) => [c.id, `${categoryName(c.id)}`]);
    }
    if (Array.isArray(field.allowed)) {
      return field.allowed.map((value) => [value, formatAttribute(field.name, value)]);
    }
    if (field.references && layers.definition(field.references)) {
      return features(field.references).map((properties) => [String(properties.id), nameOf(properties) || String(properties.id)])
        .sort((a, b) => a[1].localeCompare(b[1]));
    }
    return null;
  }

  function control(field, value) {
    const options = choices(field);
    let input;
    if (options) {
      input = document.createElement('select');
      const known = options.some(([id]) => id === value);
      const extra = value !== null && value !== undefined && value !== '' && !known ? [[String(value), String(value)]] : [];
      input.append(...(field.required ? [] : [new Option(t('editNone'), '')]), ...[...options, ...extra].map(([id, text]) => new Option(text, id)));
      input.value = value ?? '';
    } else if (field.type === 'bool') {
      input = document.createElement('input');
      input.type = 'checkbox';
      input.checked = value === true;
    } else {
      input = document.createElement('input');
      input.type = field.type === 'int' || field.type === 'number' ? 'number' : 'text';
      if (field.type === 'int') {
        input.step = '1';
      }
      input.value = value ?? '';
    }
    input.name = field.name;
    input.id = `edit-field-${field.name}`;
    input.dataset.field = field.name;
    return input;
  }

  /** The value of a field's control, typed as the field is; an empty optional field is null. */
  function valueOf(field) {
    const input = form.elements.namedItem(field.name);
    if (!input) {
      return undefined;
    }
    if (field.type === 'bool') {
      return input.checked;
    }
    const text = input.value.trim();
    if (text === '') {
      return field.required && field.type === 'string' ? '' : null;
    }
    if (field.type === 'int' || field.type === 'number') {
      const number = Number(text);
      return Number.isFinite(number) ? number : text;
    }
    return text;
  }

  function render(values = shown?.base) {
    if (!shown) {
      return;
    }
    const layer = layers.title(shown.layerId);
    title.textContent = shown.isNew ? t('editFormNew')(layer) : t('editFormOf')(layer);
    const names = { ...t('attributes'), ...t('editFieldNames') };
    const rows = fieldsOf(shown.layerId).map((field) => {
      const row = document.createElement('div');
      row.className = 'edit-field';
      row.dataset.field = field.name;
      const label = document.createElement('label');
      label.htmlFor = `edit-field-${field.name}`;
      label.textContent = `${names[field.name] ?? field.name}${field.required ? ' *' : ''}`;
      if (field.description) {
        label.title = field.description;
      }
      const note = document.createElement('p');
      note.className = 'field-problem';
      note.dataset.field = field.name;
      note.setAttribute('role', 'alert');
      note.hidden = true;
      row.append(label, control(field, values?.[field.name]), note);
      return row;
    });
    if (shown.position) {
      const row = document.createElement('div');
      row.className = 'edit-field';
      row.dataset.field = 'geometry';
      const label = document.createElement('span');
      label.textContent = t('editPosition');
      const value = document.createElement('output');
      value.id = 'edit-position';
      value.textContent = shown.position.map((c) => c.toFixed(6)).join(', ');
      row.append(label, value);
      rows.push(row);
    }
    container.replaceChildren(...rows);
    deleteButton.hidden = shown.isNew;
  }

  function current() {
    return Object.fromEntries(fieldsOf(shown.layerId).map((field) => [field.name, valueOf(field)]));
  }

  return {
    /** Shows the form of a feature (<paramref name="properties"/>) of a layer; isNew: a feature not yet saved. */
    show({ layerId, properties, isNew = false, position = null }) {
      shown = { layerId, base: { ...properties }, isNew, position };
      render();
      this.clearProblems();
      form.hidden = false;
    },
    hide() {
      shown = null;
      form.hidden = true;
      container.replaceChildren();
    },
    /** The layer the form is open for, or null. */
    layerId: () => shown?.layerId ?? null,
    /** Writes the point's position under the fields. */
    setPosition(position) {
      if (shown) {
        shown.position = position;
        const output = document.getElementById('edit-position');
        if (output) {
          output.textContent = position.map((c) => c.toFixed(6)).join(', ');
        }
      }
    },
    /** Every field's value, typed. */
    values: current,
    /** The properties the user changed as a merge patch (null when nothing changed). */
    changes() {
      const patch = {};
      for (const [key, value] of Object.entries(current())) {
        const before = shown.base[key] ?? null;
        if (value !== before && !(value === null && before === '')) {
          patch[key] = value;
        }
      }
      return Object.keys(patch).length > 0 ? patch : null;
    },
    /** Starts again from <paramref name="properties"/> (after a save, or keeping the other version), keeping the form open. */
    reset(properties, { isNew = false } = {}) {
      if (shown) {
        shown.base = { ...properties };
        shown.isNew = isNew;
        render();
      }
    },
    /** Writes the server's problems ({ field, value, message }) next to their fields, the others above the fields. */
    showProblems(problems, detail) {
      this.clearProblems();
      const general = [];
      for (const { field, value, message } of problems ?? []) {
        const note = container.querySelector(`.field-problem[data-field="${CSS.escape(field ?? '')}"]`);
        const text = value === null || value === undefined ? message : `${message} (“${value}”)`;
        if (note) {
          note.textContent = note.hidden ? text : `${note.textContent}; ${text}`;
          note.hidden = false;
          note.closest('.edit-field')?.classList.add('invalid');
        } else {
          general.push(field ? `${field}: ${text}` : text);
        }
      }
      if (general.length > 0 || (problems ?? []).length === 0) {
        this.showProblem(general.length > 0 ? general.join('; ') : detail);
      }
    },
    /** Writes one problem above the fields. */
    showProblem(text) {
      problem.textContent = text;
      problem.hidden = !text;
    },
    clearProblems() {
      problem.hidden = true;
      problem.textContent = '';
      for (const note of container.querySelectorAll('.field-problem')) {
        note.hidden = true;
        note.textContent = '';
        note.closest('.edit-field')?.classList.remove('invalid');
      }
    },
    /** Writes the form again in the current language, keeping what the user typed. */
    render() {
      if (shown) {
        render(current());
      }
    },
  };
}
