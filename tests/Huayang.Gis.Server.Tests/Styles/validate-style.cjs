// Validates a MapLibre style with @maplibre/maplibre-gl-style-spec (installed with the viewer's npm packages).
// Usage: node validate-style.cjs VIEWER_DIR STYLE_FILE — prints the problems as a JSON array; exit 1 when there are any.
const [viewerDir, file] = process.argv.slice(2);
const { createRequire } = require('node:module');
const spec = createRequire(`${viewerDir}/package.json`)('@maplibre/maplibre-gl-style-spec');
const style = JSON.parse(require('node:fs').readFileSync(file, 'utf8'));
const problems = spec.validateStyleMin(style).map((e) => e.message);
console.log(JSON.stringify(problems));
process.exit(problems.length ? 1 : 0);
