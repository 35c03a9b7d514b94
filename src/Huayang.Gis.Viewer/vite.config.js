import { defineConfig } from 'vite';

// Relative asset paths: the server serves the build under /viewer/, and the page finds the
// server's API one level up (see src/api.js).
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    fs: { allow: ['..', '../../data'] },
  },
});
