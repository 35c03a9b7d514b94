// The panel as a drawer on narrow screens (style.css: at most 700 px wide): #drawer-toggle in the bar opens and
// closes it over the map (the map keeps its size), Escape closes it. On wider screens the panel is always shown and
// the button is not.
import { t } from './i18n.js';

/** The width (CSS pixels) at and below which the panel is a drawer; style.css's media query says the same. */
const drawerWidth = 700;

export function createDrawer() {
  const button = document.getElementById('drawer-toggle');
  const panel = document.getElementById('panel');
  const isDrawer = () => window.matchMedia(`(max-width: ${drawerWidth}px)`).matches;

  function render() {
    const open = document.body.classList.contains('drawer-open');
    button.setAttribute('aria-expanded', String(open));
    button.setAttribute('aria-label', t(open ? 'closePanelLabel' : 'openPanelLabel'));
    button.title = t(open ? 'closePanelLabel' : 'openPanelLabel');
    // Closed, the drawer is out of the tab order and of what assistive technology reads.
    panel.inert = isDrawer() && !open;
  }

  function setOpen(open) {
    document.body.classList.toggle('drawer-open', open);
    render();
  }

  button.addEventListener('click', () => setOpen(!document.body.classList.contains('drawer-open')));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && document.body.classList.contains('drawer-open')) {
      setOpen(false);
      button.focus();
    }
  });
  window.matchMedia(`(max-width: ${drawerWidth}px)`).addEventListener('change', render);
  render();
  return {
    render,
    /** Closes the drawer when the panel is one (after a bookmark is chosen, the map shows where it went). */
    closeOnPhone() {
      if (isDrawer()) {
        setOpen(false);
      }
    },
  };
}
