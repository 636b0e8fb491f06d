import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The UI is built to web/dist, which the Rootline server serves at `/`. In development the
// API is proxied to a server running on port 5000 (`npm start`).
export default defineConfig(({ command }) => ({
  root: import.meta.dirname,
  // A build run from a test process inherits NODE_ENV=test, which would bundle React's
  // development build (ten times slower on large graphs); the UI is always built for production.
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
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
}));
