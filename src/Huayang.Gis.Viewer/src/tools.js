// The map tools that take map clicks (the nearest sites, measuring, radius rings): one is active at a time. Switching
// one on switches the one before off; while none is on, a map click opens a popup.

export function createToolSwitch() {
  /** The tools by name: { stop } (switches it off). */
  const tools = new globalThis.Map();
  let active = null;

  return {
    /** Registers a tool; <paramref name="stop"/> switches it off (it is called only while the tool is active). */
    register(name, { stop }) {
      tools.set(name, { stop });
    },
    /** Makes <paramref name="name"/> the active tool, switching the active one off first. */
    start(name) {
      if (active && active !== name) {
        const previous = active;
        active = null;
        tools.get(previous).stop();
      }
      active = name;
    },
    /** Records that <paramref name="name"/> switched itself off. */
    stopped(name) {
      if (active === name) {
        active = null;
      }
    },
    /** The active tool's name, or null. */
    active: () => active,
  };
}
