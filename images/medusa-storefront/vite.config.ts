import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The shop is a static single-page app; server.mjs serves it and its runtime config.
// Assets go under /_shop/ so no path of the shop collides with Medusa's (/store, /auth, /app).
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', assetsDir: '_shop', sourcemap: false },
});
