import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * "Offline once loaded": after the build, write the list of built files and a
 * version (a hash of them) into dist/sw.js (public/sw.js), which caches them.
 */
function offlineAssets(): Plugin {
  let outDir = 'dist';
  return {
    name: 'lvslab-offline-assets',
    apply: 'build',
    configResolved(c) {
      outDir = resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      const sw = join(outDir, 'sw.js');
      if (!existsSync(sw)) return;
      const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
      const files = walk(outDir).filter((f) => f !== sw && !f.endsWith('.map'));
      const names = files.map((f) => relative(outDir, f).split('\\').join('/')).sort();
      const hash = createHash('sha256');
      for (const f of names) hash.update(f).update(readFileSync(join(outDir, f)));
      const version = hash.digest('hex').slice(0, 12);
      const text = readFileSync(sw, 'utf8')
        .replace("'dev'; /* LVSLAB_VERSION */", `'${version}';`)
        .replace('[]; /* LVSLAB_ASSETS */', `${JSON.stringify(names.map((n) => `./${n}`))};`);
      writeFileSync(sw, text);
    },
  };
}

// `base: './'` makes the static build work from any sub-path (a course site's folder).
export default defineConfig({
  base: './',
  plugins: [react(), offlineAssets()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
  server: {
    // Open a browser where there is one to open.
    open: !process.env.CI && (process.platform !== 'linux' || !!process.env.DISPLAY),
  },
  preview: { strictPort: true },
});
