#!/usr/bin/env node
// The engine is pure: it may import only itself (and fast-check/vitest in tests).
// It must never reach the UI, the worker, the CLI, React, or Node/DOM APIs.
// Run by `npm run check`; a violation fails CI.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const engine = join(root, 'src', 'engine');
const allowedPackagesInTests = new Set(['vitest', 'fast-check']);
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const FORBIDDEN_GLOBALS = [/\bMath\.random\s*\(/, /\bDate\.now\s*\(/, /\bnew Date\s*\(/, /\bperformance\.now\s*\(/, /\bsetTimeout\s*\(/, /\bsetInterval\s*\(/];

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(ts|tsx|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

const problems = [];
for (const file of walk(engine)) {
  const isTest = /\.test\.ts$/.test(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      const inEngine = target.startsWith(engine + '/') || target === engine;
      // Tests may use the shared test support and presets; engine code may not leave src/engine.
      const testOk = isTest && (target.startsWith(join(root, 'src', 'test-support')) || target.startsWith(join(root, 'src', 'presets')) || target.startsWith(join(root, 'src', 'cli')));
      if (!inEngine && !testOk) problems.push(`${relative(root, file)}: imports ${spec} (outside src/engine)`);
    } else if (!(isTest && (allowedPackagesInTests.has(spec) || spec.startsWith('node:')))) {
      problems.push(`${relative(root, file)}: imports package '${spec}' (the engine may not depend on packages)`);
    }
  }
  if (!isTest) {
    for (const re of FORBIDDEN_GLOBALS) if (re.test(text)) problems.push(`${relative(root, file)}: uses ${re.source.replace(/\\[bs]|\\\(|\\\./g, (s) => (s === '\\.' ? '.' : s === '\\(' ? '(' : ''))} (the engine's time and randomness come from the world)`);
  }
}
if (problems.length) {
  console.error(`engine boundary violated:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`engine boundary ok (${walk(engine).length} files)`);
