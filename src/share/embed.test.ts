import { describe, expect, it } from 'vitest';
import { presetById } from '../presets';
import { decodeShareLink, encodeShareLink } from './link';
import {
  connectionEvent,
  EMBED_PROTOCOL,
  embedEvent,
  embedSnippet,
  embedUrl,
  escapeAttribute,
  eventTargets,
  normaliseOrigin,
  originAllowed,
  parseEmbedCommand,
  parseEmbedParams,
  type EmbedConfig,
} from './embed';

const BASE = 'https://example.edu/lvslab/';
const P = EMBED_PROTOCOL;

describe('embed parameters', () => {
  it('the example from the issue', () => {
    const { config, warnings } = parseEmbedParams('?embed=1&preset=lvs-dr&panels=canvas,terminal,inspector&autoplay=1&lang=zh&readonly=1&origins=https://course.example.edu');
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      embed: true,
      source: { kind: 'preset', id: 'lvs-dr' },
      panels: ['canvas', 'terminal', 'inspector'],
      autoplay: true,
      lang: 'zh',
      readonly: true,
      origins: ['https://course.example.edu'],
    });
  });

  it('defaults: no embed, default lab, controls + canvas + terminal, editable, nobody allowed to drive it', () => {
    expect(parseEmbedParams('')).toEqual({
      config: { embed: false, source: { kind: 'default' }, panels: ['controls', 'canvas', 'terminal'], autoplay: false, readonly: false, origins: [] },
      warnings: [],
    });
  });

  it('a shared lab in the fragment (or the query) wins over a preset', () => {
    const frag = encodeShareLink(presetById('lvs-nat')!);
    const a = parseEmbedParams('?embed=1&preset=lvs-dr', frag);
    expect(a.config.source.kind).toBe('link');
    expect(a.warnings).toEqual(['Both a shared lab and preset="lvs-dr" were given; opening the shared lab.']);
    const value = a.config.source.kind === 'link' ? a.config.source.value : '';
    const r = decodeShareLink(value);
    expect(r.ok && r.doc.id).toBe('lvs-nat');
    const b = parseEmbedParams(`?embed=1&${frag.slice(1)}`);
    expect(b.config.source).toEqual({ kind: 'link', value });
  });

  it('bad values are reported and replaced by defaults, never thrown', () => {
    const { config, warnings } = parseEmbedParams('?embed=maybe&preset=nope&panels=canvas,bogus,CANVAS&lang=fr&autoplay=2&origins=https://ok.example,javascript:alert(1),https://x.example/path,*&terminal=Node1');
    expect(config.embed).toBe(false);
    expect(config.source).toEqual({ kind: 'default' });
    expect(config.panels).toEqual(['canvas']);
    expect(config.lang).toBeUndefined();
    expect(config.autoplay).toBe(false);
    expect(config.origins).toEqual(['https://ok.example', '*']);
    expect(config.terminal).toBeUndefined();
    expect(warnings).toEqual([
      'embed="maybe" is not 1 or 0; using 0.',
      'autoplay="2" is not 1 or 0; using 0.',
      'There is no preset "nope"; opening the default lab.',
      'Unknown panel "bogus" (panels are controls, canvas, terminal, inspector, timeline, ladder, charts, palette).',
      'lang="fr" is not en or zh; using the browser\'s language.',
      'terminal="Node1" is not a node id.',
      'origins: "javascript:alert(1)" is not an origin like https://course.example.edu (scheme, host and port only).',
      'origins: "https://x.example/path" is not an origin like https://course.example.edu (scheme, host and port only).',
    ]);
  });

  it('percent-escapes, + for space, repeated keys (first wins), a huge query', () => {
    const { config } = parseEmbedParams('?panels=canvas%2Cladder&lang=+zh+&embed=1&embed=0&origins=https%3A%2F%2FCourse.Example.edu%3A443%2F');
    expect(config).toMatchObject({ panels: ['canvas', 'ladder'], lang: 'zh', embed: true, origins: ['https://course.example.edu'] });
    const huge = parseEmbedParams(`?embed=1&x=${'a'.repeat(100_000)}`);
    expect(huge.config.embed).toBe(false);
    expect(huge.warnings).toEqual(['The address\'s query is longer than 8192 characters and was ignored.']);
    expect(parseEmbedParams('?%E0%A4%A=1&embed=1').config.embed).toBe(true);
  });
});

describe('embed URL and snippet', () => {
  const config: EmbedConfig = {
    embed: true,
    source: { kind: 'preset', id: 'lvs-dr' },
    panels: ['canvas', 'terminal', 'inspector'],
    autoplay: true,
    lang: 'zh',
    readonly: true,
    origins: ['https://course.example.edu'],
  };

  it('writes only what differs from the defaults, and parses back to the same configuration', () => {
    const url = embedUrl(config, `${BASE}?old=1#x`);
    expect(url).toBe('https://example.edu/lvslab/?embed=1&preset=lvs-dr&panels=canvas,terminal,inspector&autoplay=1&lang=zh&readonly=1&origins=https://course.example.edu');
    const [, search] = url.split('?');
    expect(parseEmbedParams(`?${search}`)).toEqual({ config, warnings: [] });
    const minimal = embedUrl({ ...config, source: { kind: 'default' }, panels: ['controls', 'canvas', 'terminal'], autoplay: false, lang: undefined, readonly: false, origins: [] }, BASE);
    expect(minimal).toBe('https://example.edu/lvslab/?embed=1');
  });

  it('a shared lab travels in the fragment', () => {
    const frag = encodeShareLink(presetById('lvs-dr')!);
    for (const value of [frag, frag.slice(1), frag.slice('#lab='.length), `${BASE}${frag}`]) {
      const url = embedUrl({ ...config, source: { kind: 'link', value } }, BASE);
      expect(url.endsWith(frag)).toBe(true);
      const [path, hash] = url.split('#');
      expect(parseEmbedParams(`?${path.split('?')[1]}`, `#${hash}`).config.source).toEqual({ kind: 'link', value: frag.slice('#lab='.length) });
    }
  });

  it('the <iframe> snippet, every attribute escaped', () => {
    expect(embedSnippet(config, BASE, { title: 'LVS DR "lab" <b>&' })).toBe(
      '<iframe src="https://example.edu/lvslab/?embed=1&amp;preset=lvs-dr&amp;panels=canvas,terminal,inspector&amp;autoplay=1&amp;lang=zh&amp;readonly=1&amp;origins=https://course.example.edu" ' +
        'width="960" height="600" title="LVS DR &quot;lab&quot; &lt;b&gt;&amp;" style="border:0;max-width:100%" loading="lazy" allow="clipboard-write; fullscreen"></iframe>',
    );
    const hostile = embedSnippet(config, 'https://x.example/"><script>alert(1)</script>', { width: 1e9, height: NaN });
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain('width="960" height="600"');
    expect(escapeAttribute(`'"<>&`)).toBe('&#39;&quot;&lt;&gt;&amp;');
  });
});

describe('postMessage commands', () => {
  it('accepts each command in its exact shape', () => {
    expect(parseEmbedCommand({ protocol: P, type: 'play' })).toEqual({ type: 'play' });
    expect(parseEmbedCommand({ protocol: P, type: 'pause', id: 7 })).toEqual({ type: 'pause', id: 7 });
    expect(parseEmbedCommand({ protocol: P, type: 'step', id: 'a' })).toEqual({ type: 'step', id: 'a' });
    expect(parseEmbedCommand({ protocol: P, type: 'speed', speed: 2 })).toEqual({ type: 'speed', speed: 2 });
    expect(parseEmbedCommand({ protocol: P, type: 'run', node: 'client', line: 'curl 192.168.150.100' })).toEqual({ type: 'run', node: 'client', line: 'curl 192.168.150.100' });
    expect(parseEmbedCommand({ protocol: P, type: 'ctrlC', node: 'client' })).toEqual({ type: 'ctrlC', node: 'client' });
    expect(parseEmbedCommand({ protocol: P, type: 'load', preset: 'lvs-dr' })).toEqual({ type: 'load', preset: 'lvs-dr' });
    expect(parseEmbedCommand({ protocol: P, type: 'load', link: '#lab=1.abc' })).toEqual({ type: 'load', link: '#lab=1.abc' });
    const doc = { lvslab: 1, nodes: [], links: [] };
    expect(parseEmbedCommand({ protocol: P, type: 'load', doc })).toEqual({ type: 'load', doc });
  });

  it('ignores messages that are not ours', () => {
    for (const m of [null, 'play', 42, [], { type: 'play' }, { protocol: 'lvslab-embed/2', type: 'play' }, new Date(0)]) {
      expect(parseEmbedCommand(m)).toEqual({ error: 'not an lvslab embed message', foreign: true });
    }
  });

  it('refuses anything else with a reason (and the id to reply to)', () => {
    const err = (m: unknown) => parseEmbedCommand(m);
    expect(err({ protocol: P, type: 'eval', code: 'alert(1)', id: 3 })).toEqual({ error: 'unknown command "eval": expected one of load, play, pause, step, speed, run, ctrlC', id: 3 });
    expect(err({ protocol: P, type: 'play', extra: 1 })).toEqual({ error: '"play" does not take "extra"' });
    expect(err({ protocol: P, type: 'run', node: 'client', line: 'ls\nrm -rf /' })).toEqual({ error: '"line" must be one command line (no line breaks, at most 4096 characters)' });
    expect(err({ protocol: P, type: 'run', node: 'client', line: 'x'.repeat(5000) })).toMatchObject({ error: expect.stringMatching(/^"line" must be one command line/) });
    expect(err({ protocol: P, type: 'run', node: '<img onerror=x>', line: 'ls' })).toEqual({ error: '"node" must be a node id such as "client"' });
    expect(err({ protocol: P, type: 'run', node: 'client' })).toMatchObject({ error: expect.stringMatching(/^"line"/) });
    expect(err({ protocol: P, type: 'load', preset: 'lvs-dr', link: 'x' })).toEqual({ error: '"load" takes exactly one of "doc", "preset" or "link"' });
    expect(err({ protocol: P, type: 'load' })).toEqual({ error: '"load" takes exactly one of "doc", "preset" or "link"' });
    expect(err({ protocol: P, type: 'load', doc: [1] })).toEqual({ error: '"doc" must be a scenario object (docs/scenario.md)' });
    expect(err({ protocol: P, type: 'load', preset: '../../etc' })).toEqual({ error: '"preset" must be a preset id such as "lvs-dr"' });
    expect(err({ protocol: P, type: 'speed', speed: Infinity })).toEqual({ error: '"speed" must be a number from 0.01 to 100' });
    expect(err({ protocol: P, type: 'play', id: { x: 1 } })).toEqual({ error: '"id" must be a string of at most 64 characters or an integer' });
    expect(err({ protocol: P, type: 'toString' })).toMatchObject({ error: expect.stringMatching(/^unknown command "toString"/) });
  });

  it('events carry the protocol tag; a TCP state line becomes connection-established', () => {
    expect(embedEvent({ type: 'state', t: 1_500_000, playing: true })).toEqual({ type: 'state', t: 1_500_000, playing: true, protocol: P });
    const est = { t: 1200, node: 'client', kind: 'tcp.state', text: 'TCP …', data: { local: '192.168.150.1:40001', remote: '192.168.150.100:80', from: 'SYN_SENT', to: 'ESTABLISHED' } };
    expect(connectionEvent(est)).toEqual({ type: 'connection-established', node: 'client', local: '192.168.150.1:40001', remote: '192.168.150.100:80', t: 1200 });
    expect(connectionEvent({ ...est, data: { ...est.data, to: 'FIN_WAIT1' } })).toBeNull();
    expect(connectionEvent({ ...est, kind: 'arp' })).toBeNull();
  });
});

describe('origins', () => {
  it('normalises as browsers serialise MessageEvent.origin', () => {
    expect(normaliseOrigin('HTTPS://Course.Example.EDU:443/')).toBe('https://course.example.edu');
    expect(normaliseOrigin('http://localhost:8080')).toBe('http://localhost:8080');
    expect(normaliseOrigin('http://[::1]:80')).toBe('http://[::1]');
    for (const bad of ['course.example.edu', 'ftp://x.example', 'https://x.example/path', 'https://user@x.example', 'https://*.example.edu', 'https://x.example:99999', 'null', '', 'https://例子.测试']) {
      expect(normaliseOrigin(bad), bad).toBeNull();
    }
  });

  it('exact matches only; * only when listed; the opaque origin only with *', () => {
    const list = ['https://course.example.edu'];
    expect(originAllowed('https://course.example.edu', list)).toBe(true);
    expect(originAllowed('http://course.example.edu', list)).toBe(false);
    expect(originAllowed('https://course.example.edu.evil.example', list)).toBe(false);
    expect(originAllowed('https://evil.example', list)).toBe(false);
    expect(originAllowed('https://sub.course.example.edu', list)).toBe(false);
    expect(originAllowed('null', list)).toBe(false);
    expect(originAllowed('https://anything.example', [])).toBe(false);
    expect(originAllowed('https://anything.example', ['*'])).toBe(true);
    expect(originAllowed('null', ['*'])).toBe(true);
  });

  it('events go to each allowed origin, or to * only when any is allowed', () => {
    expect(eventTargets(['https://a.example', 'https://b.example'])).toEqual(['https://a.example', 'https://b.example']);
    expect(eventTargets(['https://a.example', '*'])).toEqual(['*']);
    expect(eventTargets([])).toEqual([]);
  });
});

describe('docs/embed.md', () => {
  it('documents every command, event, panel and parameter, and the protocol tag', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/embed.md', import.meta.url), 'utf8');
    const { EMBED_PANELS } = await import('./embed');
    expect(doc).toContain(`protocol: "${EMBED_PROTOCOL}"`);
    for (const t of ['load', 'play', 'pause', 'step', 'speed', 'run', 'ctrlC']) expect(doc, t).toMatch(new RegExp(`^\\|[^|\\n]*\`${t}\`[^|\\n]*\\|`, 'm'));
    for (const t of ['ready', 'loaded', 'state', 'output', 'connection-established', 'error']) expect(doc, t).toContain(`| \`${t}\` |`);
    for (const p of EMBED_PANELS) expect(doc, p).toContain(`\`${p}\``);
    for (const k of ['embed', 'preset', 'panels', 'autoplay', 'lang', 'readonly', 'terminal', 'origins']) expect(doc, k).toContain(`| \`${k}\` |`);
  });
});
