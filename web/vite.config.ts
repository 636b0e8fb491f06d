import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The UI is built to web/dist, which the Rootline server serves at `/`. In development the
// API is proxied to a server running on port 5000 (`npm start`).
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': 'http://localhost:5000' },
  },
});
