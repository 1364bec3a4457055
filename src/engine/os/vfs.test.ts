import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePath, Vfs } from './vfs';

describe('vfs', () => {
  it('normalizes paths (already-normal ones come back as they are)', () => {
    const piece = fc.constantFrom('a', 'b', '.', '..', '.x', 'x..', '', 'html');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), fc.boolean(), (parts, absolute) => {
        const p = (absolute ? '/' : '') + parts.join('/');
        // A trailing `/.` changes nothing but always takes the part-by-part path.
        expect(normalizePath(p, '/var/www')).toBe(normalizePath(p ? p + '/.' : '.', '/var/www'));
      }),
    );
    expect(normalizePath('/a/./b/../c//d/')).toBe('/a/c/d');
    expect(normalizePath('x/../../y', '/var/www')).toBe('/var/y');
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
