// Brotli and gzip copies of the built viewer's text files (file.br, file.gz beside file.js), made once per build at
// the strongest levels — Brotli quality 11 with the largest window, gzip level 9 — since the cost is paid once and
// not per request. The server (src/Huayang.Gis.Server/Viewer/PrecompressedFiles.cs) sends them as the request's
// Accept-Encoding asks. PNG, JPEG and fonts are compressed already and get none; a copy not smaller is not kept.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.txt', '.xml', '.map', '.webmanifest']);

function* files(folder) {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      yield* files(path);
    } else if (compressible.has(extname(name).toLowerCase())) {
      yield path;
    }
  }
}

for (const path of [...files(dist)]) {
  const plain = readFileSync(path);
  const br = brotliCompressSync(plain, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
    },
  });
  const gz = gzipSync(plain, { level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
  const kept = [['br', br], ['gz', gz]].filter(([, bytes]) => bytes.length < plain.length);
  for (const [suffix, bytes] of kept) {
    writeFileSync(`${path}.${suffix}`, bytes);
  }
  console.log(`precompressed ${path}: ${plain.length} B, ${kept.map(([s, b]) => `${s} ${b.length} B`).join(', ') || 'none smaller'}`);
}
