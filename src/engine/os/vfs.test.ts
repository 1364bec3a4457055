import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePath, Vfs } from './vfs';

/** The plain algorithm: drop empty and `.` parts, `..` pops one. */
function reference(path: string, cwd = '/'): string {
  const abs = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
  const out: string[] = [];
  for (const part of abs.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

describe('vfs', () => {
  it('normalizes paths as the plain algorithm does (already-normal paths come back as they are)', () => {
    const piece = fc.constantFrom('a', 'b', '.', '..', '.x', 'x..', '', 'html');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), fc.boolean(), (parts, absolute) => {
        const p = (absolute ? '/' : '') + parts.join('/');
        expect(normalizePath(p, '/var/www')).toBe(reference(p, '/var/www'));
      }),
    );
    expect(normalizePath('/var/www/html/index.html')).toBe('/var/www/html/index.html');
    expect(normalizePath('/var/www/html/')).toBe('/var/www/html');
  });

  it('keeps every appended line, in order, however many there are', () => {
    const fs = new Vfs();
    fs.mkdirp('/var/log/httpd');
    const lines = Array.from({ length: 200 }, (_, i) => `192.168.150.1 - - [21/Nov/2026:10:00:00 +0800] "GET / HTTP/1.1" 200 ${i}\n`);
    for (const l of lines) fs.write('/var/log/httpd/access_log', l, true);
    expect(fs.read('/var/log/httpd/access_log')).toBe(lines.join(''));
    fs.write('/var/log/httpd/access_log', 'one more\n', true);
    expect(fs.read('/var/log/httpd/access_log').split('\n').length).toBe(202);
    expect(fs.stat('/var/log/httpd/access_log').size).toBe(lines.join('').length + 9);
  });
});
