import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `base: './'` makes the static build work from any sub-path (a course site's folder).
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
  server: {
    // Open a browser where there is one to open.
    open: !process.env.CI && (process.platform !== 'linux' || !!process.env.DISPLAY),
  },
  preview: { strictPort: true },
});
