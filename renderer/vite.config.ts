import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is a static build (out/renderer) that both shells load: Electron from file://
// and the web host over http. base './' keeps every asset path relative so both work.

/** A file-system path next to this config (no node:path: the renderer lint forbids Node imports). */
function here(relative: string): string {
  const pathname = decodeURIComponent(new URL(relative, import.meta.url).pathname);
  return pathname.replace(/^\/([A-Za-z]:)/, '$1'); // Windows: /C:/x -> C:/x
}

export default defineConfig({
  root: here('.'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('../out/renderer'),
    emptyOutDir: true,
    // Monaco is one large chunk by nature; warn only when it grows well beyond that.
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
  },
  worker: { format: 'es' },
});
