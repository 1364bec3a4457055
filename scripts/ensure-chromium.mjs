#!/usr/bin/env node
// Playwright cannot download its own browser here: the e2e tests use the system Chromium.
// On a fresh Debian machine (as root) install it with apt; elsewhere say what to do.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const path = process.env.LVSLAB_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt && !process.env.LVSLAB_CHROMIUM) {
  console.log('lvslab: installing Debian chromium for the e2e tests (apt-get install chromium)…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium', { stdio: 'inherit' });
  if (existsSync(path)) process.exit(0);
}
console.error(`lvslab: no Chromium at ${path}. Install it (Debian: apt-get install chromium) or set LVSLAB_CHROMIUM to a Chromium binary.`);
process.exit(1);
