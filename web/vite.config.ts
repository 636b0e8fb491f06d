import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

// The UI is built to web/dist, which the Rootline server serves at `/`. In development the
// API is proxied to a server running on port 5000 (`npm start`).
export default defineConfig(({ command }) => {
  // A build run from a test process inherits NODE_ENV=test, which would bundle React's
  // development build (ten times slower on large graphs); the UI is always built for production.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return config;
});

const config: UserConfig = {
  root: import.meta.dirname,
  // Absolute asset paths: the server answers deep links (/anything) with index.html.
  base: '/',
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
};
