import {defineConfig} from 'vite';

/** Where the Yiwang server listens during development. */
const SERVER = process.env.YIWANG_SERVER_URL || 'http://localhost:8080';

export default defineConfig({
  base: '/',
  server: {
    proxy: {
      '/api': {target: SERVER, changeOrigin: true},
      '/login': {target: SERVER, changeOrigin: true},
    },
  },
  preview: {
    proxy: {
      '/api': {target: SERVER, changeOrigin: true},
      '/login': {target: SERVER, changeOrigin: true},
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // OpenLayers is one sizeable, cacheable chunk.
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      output: {
        manualChunks: (id) => (id.includes('/node_modules/ol/') ? 'ol' : undefined),
      },
    },
  },
});
