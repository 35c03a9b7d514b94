// One entry of a list of sites a tool answered with (the nearest sites, the suggested ones): the name and a detail on
// a button that goes to the site. The styles are the nearest list's (.nearest-go, .nearest-name, .nearest-distance).

/**
 * @param {string} id the site's id (data-site-id of the entry)
 * @param {string} name
 * @param {string} detail shown after the name
 * @param {() => void} onGo called when the entry is chosen
 * @returns {HTMLLIElement}
 */
export function siteEntry(id, name, detail, onGo) {
  const item = document.createElement('li');
  item.dataset.siteId = id;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'nearest-go';
  const label = document.createElement('span');
  label.className = 'nearest-name';
  label.textContent = name;
  const text = document.createElement('span');
  text.className = 'nearest-distance';
  text.textContent = ` ${detail}`;
  button.append(label, text);
  button.addEventListener('click', onGo);
  item.append(button);
  return item;
}
