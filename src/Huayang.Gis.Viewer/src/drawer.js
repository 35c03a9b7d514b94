// The panel as a drawer on narrow screens (style.css: at most 700 px wide): #drawer-toggle in the bar opens and
// closes it over the map (the map keeps its size); Escape or a touch on the map closes it. On wider screens the panel is always shown and
// the button is not. On any screen the search box's placeholder is the short one when the full one would be cut.
import { t } from './i18n.js';

/** The width (CSS pixels) at and below which the panel is a drawer; style.css's media query says the same. */
const drawerWidth = 700;

/** Whether a text fits the content box of an input, in the input's font. */
function fits(input, text) {
  const style = getComputedStyle(input);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  return context.measureText(text).width <= input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
}

/** The search box's full placeholder, or the short one when the full one would be cut. */
function fitSearchPlaceholder() {
  const input = document.getElementById('search');
  if (input && input.clientWidth > 0) {
    input.placeholder = fits(input, t('searchPlaceholder')) ? t('searchPlaceholder') : t('searchPlaceholderShort');
  }
}

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
    fitSearchPlaceholder();
  }

  function setOpen(open) {
    document.body.classList.toggle('drawer-open', open);
    render();
  }

  button.addEventListener('click', () => setOpen(!document.body.classList.contains('drawer-open')));
  // A touch on the map beside the open drawer closes it (the map has the screen back).
  document.querySelector('.map-wrap')?.addEventListener('pointerdown', () => {
    if (isDrawer() && document.body.classList.contains('drawer-open')) {
      setOpen(false);
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && document.body.classList.contains('drawer-open')) {
      setOpen(false);
      button.focus();
    }
  });
  window.matchMedia(`(max-width: ${drawerWidth}px)`).addEventListener('change', render);
  new ResizeObserver(fitSearchPlaceholder).observe(document.getElementById('search'));
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
