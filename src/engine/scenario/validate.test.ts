import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateScenario } from './validate';
import { SCENARIO_LIMITS, type Scenario, type ScenarioDocV1, type ScenarioError } from './types';

type Json = Record<string, unknown>;

/** client — sw1 — server, the smallest lab with a switch. */
function lab(): Json {
  return {
    lvslab: 1,
    nodes: [
      { id: 'client', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.1/24'] }], gateway: '192.168.150.2' },
      { id: 'sw1', kind: 'switch', interfaces: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }] },
      { id: 'server', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.11/24'] }] },
      { id: 'router', kind: 'router', interfaces: [{ name: 'eth0', addresses: ['192.168.150.2/24'] }, { name: 'eth1' }] },
    ],
    links: [
      { a: { node: 'client', iface: 'eth0' }, b: { node: 'sw1', iface: 'p1' } },
      { id: 'srv', a: { node: 'server', iface: 'eth0' }, b: { node: 'sw1', iface: 'p2' } },
    ],
  };
}

/** Apply `edit` to a fresh lab() and validate. */
function withEdit(edit: (d: any) => void): ReturnType<typeof validateScenario> {
  const d = lab();
  edit(d);
  return validateScenario(d);
}

function errorsOf(r: ReturnType<typeof validateScenario>): ScenarioError[] {
  if (r.ok) throw new Error('expected the document to be rejected, but it validated');
  return r.errors;
}

function scenarioOf(r: ReturnType<typeof validateScenario>): Scenario {
  if (!r.ok) throw new Error('expected a valid document, got:\n' + r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.scenario;
}

/** Exactly one error, at `path`, whose message contains `message` (or matches it). */
function expectOnly(edit: (d: any) => void, path: string, message: string | RegExp): void {
  const errs = errorsOf(withEdit(edit));
  expect(errs, JSON.stringify(errs, null, 1)).toHaveLength(1);
  expect(errs[0].path).toBe(path);
  if (typeof message === 'string') expect(errs[0].message).toContain(message);
  else expect(errs[0].message).toMatch(message);
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const k of Object.keys(v)) deepFreeze((v as Json)[k]);
    Object.freeze(v);
  }
  return v;
}

describe('a valid document', () => {
  it('the minimal document is an empty lab', () => {
    expect(scenarioOf(validateScenario({ lvslab: 1, nodes: [], links: [] }))).toEqual({
      lvslab: 1,
      seed: 1,
      nodes: [],
      links: [],
      timeline: [],
    });
  });

  it('is normalised with every default filled', () => {
    const s = scenarioOf(validateScenario(lab()));
    expect(s.seed).toBe(1);
    expect(s.timeline).toEqual([]);
    expect(s.nodes[0]).toEqual({
      id: 'client',
      kind: 'host',
      name: 'client',
      interfaces: [{ name: 'eth0', addresses: ['192.168.150.1/24'], mtu: 1500, up: true }],
      gateway: '192.168.150.2',
      dns: [],
      hosts: {},
      sysctl: {},
      packages: [],
      files: {},
      boot: [],
    });
    expect(s.nodes[1]).toEqual({
      id: 'sw1',
      kind: 'switch',
      name: 'sw1',
      interfaces: ['p1', 'p2', 'p3'].map((name) => ({ name, addresses: [], mtu: 1500, up: true })),
      dns: [],
      hosts: {},
      sysctl: {},
      packages: [],
      files: {},
      boot: [],
    });
    expect(s.nodes[3].sysctl).toEqual({ 'net.ipv4.ip_forward': 1 }); // router default
    expect(s.links).toEqual([
      { id: 'client:eth0--sw1:p1', a: { node: 'client', iface: 'eth0' }, b: { node: 'sw1', iface: 'p1' }, latencyUs: 100, loss: 0, up: true },
      { id: 'srv', a: { node: 'server', iface: 'eth0' }, b: { node: 'sw1', iface: 'p2' }, latencyUs: 100, loss: 0, up: true },
    ]);
    expect('position' in s.nodes[0]).toBe(false);
    expect('mac' in s.nodes[0].interfaces[0]).toBe(false);
  });

  it('keeps what the document says over the defaults', () => {
    const s = scenarioOf(
      withEdit((d) => {
        d.seed = 4294967295;
        d.id = 'lvs-dr';
        d.title = { en: 'DR', zh: '直接路由' };
        d.nodes[0].name = '客户端 client';
        d.nodes[0].position = { x: -10.5, y: 20 };
        d.nodes[0].interfaces[0] = { name: 'eth0', mac: '00:0C:29:AA:BB:CC', addresses: ['192.168.150.1/24', '10.1.2.3/8'], mtu: 9000, up: false };
        d.nodes[3].sysctl = { 'net.ipv4.ip_forward': 0, 'net.ipv4.ip_local_port_range': '32768 60999' };
        d.links[0].latencyUs = 1;
        d.links[0].loss = 0.25;
        d.links[0].up = false;
      }),
    );
    expect(s).toMatchObject({ seed: 4294967295, id: 'lvs-dr', title: { en: 'DR', zh: '直接路由' } });
    expect(s.nodes[0]).toMatchObject({
      name: '客户端 client',
      position: { x: -10.5, y: 20 },
      interfaces: [{ name: 'eth0', mac: '00:0c:29:aa:bb:cc', addresses: ['192.168.150.1/24', '10.1.2.3/8'], mtu: 9000, up: false }],
    });
    expect(s.nodes[3].sysctl).toEqual({ 'net.ipv4.ip_forward': 0, 'net.ipv4.ip_local_port_range': '32768 60999' });
    expect(s.links[0]).toMatchObject({ latencyUs: 1, loss: 0.25, up: false });
  });

  it('sorts the timeline stably by time', () => {
    const s = scenarioOf(
      withEdit((d) => {
        d.timeline = [
          { at: 5, node: 'client', run: 'curl 192.168.150.11' },
          { at: 1, link: 'srv', set: 'down' },
          { at: 5, node: 'server', power: 'off' },
          { at: 0, node: 'client', run: 'arp -a' },
          { at: 1, link: 'client:eth0--sw1:p1', set: 'up' },
        ];
      }),
    );
    expect(s.timeline).toEqual([
      { at: 0, node: 'client', run: 'arp -a' },
      { at: 1, link: 'srv', set: 'down' },
      { at: 1, link: 'client:eth0--sw1:p1', set: 'up' },
      { at: 5, node: 'client', run: 'curl 192.168.150.11' },
      { at: 5, node: 'server', power: 'off' },
    ]);
  });

  it('a normalised scenario validates to an equal value (idempotent)', () => {
    const once = scenarioOf(validateScenario(lab()));
    expect(scenarioOf(validateScenario(once))).toEqual(once);
    expect(scenarioOf(validateScenario(JSON.parse(JSON.stringify(once))))).toEqual(once);
  });

  it('never mutates its input and shares nothing with it', () => {
    const input = lab();
    (input.nodes as any[])[0].hosts = { www: '10.0.0.1' };
    input.timeline = [{ at: 2, node: 'client', run: 'b' }, { at: 1, node: 'client', run: 'a' }];
    const before = JSON.stringify(input);
    const s = scenarioOf(validateScenario(deepFreeze(input)));
    expect(JSON.stringify(input)).toBe(before);
    const inNodes = input.nodes as any[];
    expect(s.nodes).not.toBe(inNodes);
    expect(s.nodes[0]).not.toBe(inNodes[0]);
    expect(s.nodes[0].interfaces[0]).not.toBe(inNodes[0].interfaces[0]);
    expect(s.nodes[0].interfaces[0].addresses).not.toBe(inNodes[0].interfaces[0].addresses);
    expect(s.nodes[0].hosts).not.toBe(inNodes[0].hosts);
    expect(s.links[0].a).not.toBe((input.links as any[])[0].a);
    expect(s.timeline).not.toBe(input.timeline);
    expect(s.timeline[0]).not.toBe((input.timeline as any[])[1]);
  });

  it('the document type accepts what the validator accepts', () => {
    const doc: ScenarioDocV1 = {
      lvslab: 1,
      nodes: [{ id: 'a', kind: 'host', interfaces: [{ name: 'eth0' }] }, { id: 'b', kind: 'host', interfaces: [{ name: 'eth0' }] }],
      links: [{ a: { node: 'a', iface: 'eth0' }, b: { node: 'b', iface: 'eth0' } }],
      timeline: [{ at: 0, node: 'a', power: 'off' }],
    };
    expect(validateScenario(doc).ok).toBe(true);
  });
});

describe('the version', () => {
  it.each([
    [{ nodes: [], links: [] }, 'missing: a scenario starts with "lvslab": 1, the format version'],
    [{ lvslab: 7, nodes: [], links: [] }, 'version 7 is newer than this lvslab understands (1)'],
    [{ lvslab: '1', nodes: [], links: [] }, 'expected the format version as an integer (1), got "1"'],
    [{ lvslab: 1.5, nodes: [], links: [] }, 'expected the format version as an integer (1), got 1.5'],
    [{ lvslab: 0, nodes: [], links: [] }, 'unknown version 0: versions start at 1'],
  ])('%j → one error at $.lvslab', (doc, message) => {
    // A wrong version is the only error reported, even with other problems present.
    expect(errorsOf(validateScenario({ ...doc, bogus: true }))).toEqual([{ path: '$.lvslab', message }]);
  });

  it.each([[null], [[]], ['{}'], [42], [undefined], [new Date(0)], [new Map()]])('a non-object %j is refused at $', (v) => {
    const errs = errorsOf(validateScenario(v));
    expect(errs).toHaveLength(1);
    expect(errs[0].path).toBe('$');
    expect(errs[0].message).toMatch(/^expected a scenario object like \{"lvslab": 1, "nodes": \[\], "links": \[\]\}, got /);
  });
});

describe('unknown and missing keys', () => {
  it.each<[string, (d: any) => void, string]>([
    ['top level', (d) => (d.extra = 1), '$.extra'],
    ['node', (d) => (d.nodes[0].ip = '1.2.3.4'), '$.nodes[0].ip'],
    ['interface', (d) => (d.nodes[0].interfaces[0].netmask = '255.255.255.0'), '$.nodes[0].interfaces[0].netmask'],
    ['link', (d) => (d.links[0].bandwidth = 1), '$.links[0].bandwidth'],
    ['link end', (d) => (d.links[0].a.port = 1), '$.links[0].a.port'],
    ['title', (d) => (d.title = { en: 'x', fr: 'y' }), '$.title.fr'],
    ['position', (d) => (d.nodes[0].position = { x: 1, y: 2, z: 3 }), '$.nodes[0].position.z'],
    ['action', (d) => (d.timeline = [{ at: 1, node: 'client', run: 'ls', user: 'root' }]), '$.timeline[0].user'],
    ['non-identifier key', (d) => (d.nodes[0]['mac address'] = 1), '$.nodes[0]["mac address"]'],
  ])('%s: named by its path', (_what, edit, path) => {
    expectOnly(edit, path, 'unknown key');
  });

  it('lists what is allowed and suggests a near miss', () => {
    expectOnly(
      (d) => {
        d.nodes[0].interface = d.nodes[0].interfaces;
        delete d.nodes[0].interfaces;
        delete d.nodes[0].gateway;
        d.links.shift();
      },
      '$.nodes[0].interface',
      'unknown key; did you mean "interfaces"? (allowed here: id, kind, name, position, interfaces, gateway, dns, hosts, sysctl, packages, files, boot)',
    );
    expectOnly((d) => (d.links[0].latency = 5), '$.links[0].latency', 'did you mean "latencyUs"?');
  });

  it.each<[string, (d: any) => void, string, string]>([
    ['nodes', (d) => delete d.nodes, '$.nodes', 'missing: the list of nodes'],
    ['links', (d) => delete d.links, '$.links', 'missing: the list of links'],
    ['node id', (d) => delete d.nodes[2].id, '$.nodes[2].id', 'missing: the node id'],
    ['node kind', (d) => delete d.nodes[2].kind, '$.nodes[2].kind', 'missing: the node kind, one of "host", "router", "switch"'],
    ['interface name', (d) => delete d.nodes[3].interfaces[1].name, '$.nodes[3].interfaces[1].name', 'missing: the device name'],
    ['title.en', (d) => (d.title = { zh: '标题' }), '$.title.en', 'missing: the English text "en"'],
    ['action at', (d) => (d.timeline = [{ node: 'client', run: 'ls' }]), '$.timeline[0].at', 'missing: the time "at" in seconds'],
  ])('missing %s is reported where it belongs', (_what, edit, path, message) => {
    const errs = errorsOf(withEdit(edit));
    expect(errs[0]).toEqual({ path, message: expect.stringContaining(message) });
  });
});

describe('top-level fields', () => {
  it.each([[-1], [2 ** 32], [1.5], [1e308], [Number.NaN], [Infinity], ['1']])('seed %j', (seed) => {
    expectOnly((d) => (d.seed = seed), '$.seed', 'expected an integer 0..4294967295 (uint32), got ');
  });
  it.each([['LVS-DR'], ['-x'], [''], ['a'.repeat(65)]])('scenario id %j', (id) => {
    const errs = errorsOf(withEdit((d) => (d.id = id)));
    expect(errs).toHaveLength(1);
    expect(errs[0].path).toBe('$.id');
  });
  it('title and description limits', () => {
    expectOnly((d) => (d.title = { en: 'x'.repeat(201) }), '$.title.en', 'too long: 201 characters (at most 200)');
    expectOnly((d) => (d.title = { en: '' }), '$.title.en', 'must not be empty');
    expectOnly((d) => (d.description = { en: 'ok', zh: 'x'.repeat(10_001) }), '$.description.zh', 'too long');
    expectOnly((d) => (d.title = 'DR'), '$.title', 'expected an object like {"en": "...", "zh": "..."}, got "DR"');
  });
  it.each([['nodes', {}], ['links', 'none'], ['timeline', { at: 1 }]])('%s must be an array', (key, v) => {
    expectOnly((d) => (d[key] = v), `$.${key}`, 'expected an array of');
  });
});

describe('nodes', () => {
  it('duplicate ids: reported at the second, naming the first', () => {
    expectOnly((d) => (d.nodes[3].id = 'client'), '$.nodes[3].id', 'duplicate node id "client" (first at $.nodes[0].id)');
  });
  it.each([['Node01'], ['1node'], ['node 1'], [''], ['a'.repeat(33)], ['node.1']])('id %j is not a node id', (id) => {
    const errs = errorsOf(withEdit((d) => ((d.nodes[2].id = id), (d.links[1].a.node = id))));
    expect(errs[0].path).toBe('$.nodes[2].id');
    if (id !== '' && id.length <= 32) expect(errs[0].message).toContain('is not a node id: 1-32 characters');
    expect(errs).toHaveLength(1); // the link still finds the node by its (ill-formed) id
  });
  it('kind must be one of the three', () => {
    expectOnly((d) => (d.nodes[2].kind = 'server'), '$.nodes[2].kind', 'expected one of "host", "router", "switch", got "server"');
  });
  it('name is 1..64 characters of any text', () => {
    expectOnly((d) => (d.nodes[0].name = 'x'.repeat(65)), '$.nodes[0].name', 'too long: 65 characters (at most 64)');
    expectOnly((d) => (d.nodes[0].name = ''), '$.nodes[0].name', 'must not be empty');
    expect(withEdit((d) => (d.nodes[0].name = '导演 "DR" <b>')).ok).toBe(true);
  });
  it.each([[{ x: 1 }], [{ x: 1, y: Number.NaN }], [{ x: 1e7, y: 0 }], [{ x: '1', y: 2 }], [[1, 2]]])('position %j', (p) => {
    const errs = errorsOf(withEdit((d) => (d.nodes[0].position = p)));
    expect(errs).toHaveLength(1);
    expect(errs[0].path).toMatch(/^\$\.nodes\[0\]\.position/);
  });
  it('a switch has no IP stack or shell, but may carry empty host fields', () => {
    expectOnly((d) => (d.nodes[1].gateway = '192.168.150.2'), '$.nodes[1].gateway', 'a switch has no IP stack or shell: "gateway" applies to hosts and routers');
    expectOnly((d) => (d.nodes[1].boot = ['ls']), '$.nodes[1].boot', 'a switch has no IP stack or shell');
    expectOnly((d) => (d.nodes[1].sysctl = { 'net.ipv4.ip_forward': 1 }), '$.nodes[1].sysctl', 'a switch has no IP stack');
    expect(withEdit((d) => Object.assign(d.nodes[1], { dns: [], hosts: {}, sysctl: {}, packages: [], files: {}, boot: [] })).ok).toBe(true);
  });
  it('too many nodes are refused without walking them', () => {
    const d = lab();
    d.nodes = Array.from({ length: SCENARIO_LIMITS.NODES + 1 }, () => 'garbage');
    d.links = [];
    expect(errorsOf(validateScenario(d))).toEqual([{ path: '$.nodes', message: 'too many nodes: 501 (at most 500)' }]);
  });
});

describe('interfaces', () => {
  it('lo is implicit and not listed', () => {
    expectOnly((d) => d.nodes[3].interfaces.push({ name: 'lo' }), '$.nodes[3].interfaces[2].name', '"lo" is implicit: every host has it with 127.0.0.1/8');
  });
  it('an alias label is not a device', () => {
    expectOnly(
      (d) => d.nodes[3].interfaces.push({ name: 'eth0:2', addresses: ['192.168.150.100/24'] }),
      '$.nodes[3].interfaces[2].name',
      '"eth0:2" is an alias label, not a device: list the address under "eth0"',
    );
  });
  it.each([['wan0'], ['ETH0'], ['eth'], ['p1'], ['eth0 '], ['enp0s3x']])('host interface name %j', (name) => {
    expectOnly((d) => (d.nodes[3].interfaces[1].name = name), '$.nodes[3].interfaces[1].name', 'is not a Linux Ethernet device name: use eth0, eth1');
  });
  it.each([['eth0'], ['eth12'], ['ens33'], ['eno1'], ['enp0s3']])('host interface name %j is fine', (name) => {
    expect(withEdit((d) => (d.nodes[3].interfaces[1].name = name === 'eth0' ? 'eth2' : name)).ok).toBe(true);
  });
  it('switch ports take any short name', () => {
    expect(withEdit((d) => (d.nodes[1].interfaces[2].name = 'Gi0.24-x_1')).ok).toBe(true);
    expectOnly((d) => (d.nodes[1].interfaces[2].name = 'port 3'), '$.nodes[1].interfaces[2].name', 'is not a port name');
    expectOnly((d) => (d.nodes[1].interfaces[2].mac = '00:0c:29:00:00:01'), '$.nodes[1].interfaces[2].mac', 'a switch port has no MAC address');
    expectOnly((d) => (d.nodes[1].interfaces[2].addresses = ['10.0.0.1/24']), '$.nodes[1].interfaces[2].addresses', 'a switch port has no IP address');
  });
  it('names are unique within a node (not across nodes)', () => {
    expectOnly((d) => (d.nodes[3].interfaces[1].name = 'eth0'), '$.nodes[3].interfaces[1].name', 'duplicate interface name "eth0" on this node (first at $.nodes[3].interfaces[0].name)');
  });
  it.each<[string, string]>([
    ['192.168.150.1', '"192.168.150.1" has no prefix length: write it as "192.168.150.1/24"'],
    ['192.168.150.01/24', 'has an octet with a leading zero ("01"): write 1'],
    ['192.168.256.1/24', 'has an octet above 255 (256)'],
    ['192.168.150/24', 'is not a dotted-quad IPv4 address'],
    ['192.168.150.1/33', 'the prefix length must be an integer 0..32, got "33"'],
    ['192.168.150.1/08', 'the prefix length must be an integer 0..32, got "08"'],
    ['192.168.150.1/', 'the prefix length must be an integer 0..32, got ""'],
    ['192.168.150.1/24 ', 'the prefix length must be an integer 0..32'],
    [' 192.168.150.1/24', 'is not a dotted-quad'],
    ['127.0.0.2/8', '127.0.0.2 is a loopback address (127.0.0.0/8): those belong to lo'],
    ['224.0.0.18/32', 'is a multicast address'],
    ['0.0.0.0/0', '0.0.0.0 means "any address"'],
    ['255.255.255.255/32', 'is the limited broadcast address'],
  ])('address %j', (addr, message) => {
    expectOnly((d) => d.nodes[2].interfaces[0].addresses.push(addr), '$.nodes[2].interfaces[0].addresses[1]', message);
  });
  it('address must be a string, and not repeated on one interface', () => {
    expectOnly((d) => d.nodes[2].interfaces[0].addresses.push(24), '$.nodes[2].interfaces[0].addresses[1]', 'expected an address with prefix length like "192.168.150.1/24", got 24');
    expectOnly((d) => d.nodes[2].interfaces[0].addresses.push('192.168.150.11/16'), '$.nodes[2].interfaces[0].addresses[1]', '192.168.150.11 is already on this interface (at $.nodes[2].interfaces[0].addresses[0])');
    // The same address on two nodes is an IP conflict worth showing, not a format error.
    expect(withEdit((d) => (d.nodes[2].interfaces[0].addresses = ['192.168.150.1/24'])).ok).toBe(true);
  });
  it.each<[string, string]>([
    ['00:0c:29:aa:bb', 'is not a MAC address like "00:0c:29:aa:bb:cc"'],
    ['00-0c-29-aa-bb-cc', 'is not a MAC address'],
    ['000c.29aa.bbcc', 'is not a MAC address'],
    ['01:00:5e:00:00:12', 'is a multicast/broadcast address'],
    ['ff:ff:ff:ff:ff:ff', 'is a multicast/broadcast address'],
    ['00:00:00:00:00:00', 'is not a valid NIC address'],
  ])('mac %j', (mac, message) => {
    expectOnly((d) => (d.nodes[2].interfaces[0].mac = mac), '$.nodes[2].interfaces[0].mac', message);
  });
  it('MACs are unique across the document (compared case-insensitively)', () => {
    expectOnly(
      (d) => {
        d.nodes[0].interfaces[0].mac = '00:0c:29:aa:bb:cc';
        d.nodes[3].interfaces[1].mac = '00:0C:29:AA:BB:CC';
      },
      '$.nodes[3].interfaces[1].mac',
      'duplicate MAC address 00:0c:29:aa:bb:cc (also at $.nodes[0].interfaces[0].mac)',
    );
  });
  it.each([[67], [65536], [1500.5], ['1500']])('mtu %j', (mtu) => {
    expectOnly((d) => (d.nodes[0].interfaces[0].mtu = mtu), '$.nodes[0].interfaces[0].mtu', 'expected an integer 68..65535 (bytes)');
  });
  it('up is a boolean', () => {
    expectOnly((d) => (d.nodes[0].interfaces[0].up = 'yes'), '$.nodes[0].interfaces[0].up', 'expected true or false, got "yes"');
  });
});

describe('host configuration', () => {
  it('gateway must be a valid on-link address', () => {
    expectOnly((d) => (d.nodes[0].gateway = '10.0.0.1'), '$.nodes[0].gateway', 'gateway 10.0.0.1 is not in the subnet of any address on this node (Linux refuses it: "Network is unreachable")');
    expectOnly((d) => ((d.nodes[2].interfaces[0].addresses = []), (d.nodes[2].gateway = '192.168.150.2')), '$.nodes[2].gateway', 'is not in the subnet of any address on this node');
  });
  it('gateway syntax', () => {
    expectOnly((d) => (d.nodes[0].gateway = '192.168.150.2/24'), '$.nodes[0].gateway', '"192.168.150.2/24" has a prefix length, but this field takes a plain address: write "192.168.150.2"');
    expectOnly((d) => (d.nodes[0].gateway = '127.0.0.1'), '$.nodes[0].gateway', 'is a loopback address');
    expect(withEdit((d) => ((d.nodes[2].interfaces[0].addresses = ['10.9.8.7/0']), (d.nodes[2].gateway = '1.1.1.1'))).ok).toBe(true);
  });
  it('dns: at most three nameservers', () => {
    expectOnly((d) => (d.nodes[0].dns = ['1.1.1.1', '8.8.8.8', '9.9.9.9', '223.5.5.5']), '$.nodes[0].dns', 'too many nameservers: 4 (resolv.conf uses at most 3, MAXNS)');
    expectOnly((d) => (d.nodes[0].dns = ['1.1.1.1', 'dns.google']), '$.nodes[0].dns[1]', 'is not a dotted-quad IPv4 address');
  });
  it('hosts: names to addresses', () => {
    expect(withEdit((d) => (d.nodes[0].hosts = { 'www.baidu.com': '110.242.68.66', node01: '192.168.150.11' })).ok).toBe(true);
    expectOnly((d) => (d.nodes[0].hosts = { 'bad name': '1.2.3.4' }), '$.nodes[0].hosts["bad name"]', 'is not a host name');
    expectOnly((d) => (d.nodes[0].hosts = { www: '1.2.3' }), '$.nodes[0].hosts.www', 'is not a dotted-quad IPv4 address');
    expectOnly((d) => (d.nodes[0].hosts = ['www']), '$.nodes[0].hosts', 'expected an object of /etc/hosts entries');
  });
  it('sysctl: dotted names, integer or string values', () => {
    expectOnly((d) => (d.nodes[0].sysctl = { 'net/ipv4/ip_forward': 1 }), '$.nodes[0].sysctl["net/ipv4/ip_forward"]', 'is not a sysctl name: write it with dots as sysctl(8) does');
    expectOnly((d) => (d.nodes[0].sysctl = { ip_forward: 1 }), '$.nodes[0].sysctl.ip_forward', 'is not a sysctl name');
    expectOnly((d) => (d.nodes[0].sysctl = { 'net.ipv4.ip_forward': 0.5 }), '$.nodes[0].sysctl["net.ipv4.ip_forward"]', 'expected an integer or a string, got 0.5');
    expectOnly((d) => (d.nodes[0].sysctl = { 'net.ipv4.ip_forward': true }), '$.nodes[0].sysctl["net.ipv4.ip_forward"]', 'expected an integer or a string, got true');
    expectOnly((d) => (d.nodes[0].sysctl = { 'kernel.hostname': 'a\nb' }), '$.nodes[0].sysctl["kernel.hostname"]', 'must be a single line');
  });
  it('packages: names, no repeats', () => {
    expect(withEdit((d) => (d.nodes[0].packages = ['httpd', 'ipvsadm', 'keepalived', 'net-tools', 'gcc-c++'])).ok).toBe(true);
    expectOnly((d) => (d.nodes[0].packages = ['httpd', 'httpd']), '$.nodes[0].packages[1]', '"httpd" is listed twice');
    expectOnly((d) => (d.nodes[0].packages = ['Httpd']), '$.nodes[0].packages[0]', 'is not a package name');
  });
  it('files: absolute paths outside /proc, /sys, /dev', () => {
    expect(withEdit((d) => (d.nodes[0].files = { '/var/www/html/index.html': 'hello\n', '/etc/keepalived/keepalived.conf': '' })).ok).toBe(true);
    expectOnly((d) => (d.nodes[0].files = { 'var/www/index.html': 'x' }), '$.nodes[0].files["var/www/index.html"]', 'is not an absolute file path');
    expectOnly((d) => (d.nodes[0].files = { '/var/www/': 'x' }), '$.nodes[0].files["/var/www/"]', 'is not an absolute file path');
    expectOnly((d) => (d.nodes[0].files = { '/var//www': 'x' }), '$.nodes[0].files["/var//www"]', 'is not an absolute file path');
    expectOnly((d) => (d.nodes[0].files = { '/var/../etc/passwd': 'x' }), '$.nodes[0].files["/var/../etc/passwd"]', 'without "." or ".." parts');
    expectOnly(
      (d) => (d.nodes[0].files = { '/proc/sys/net/ipv4/conf/all/arp_ignore': '1' }),
      '$.nodes[0].files["/proc/sys/net/ipv4/conf/all/arp_ignore"]',
      'is generated by the kernel: set it under "sysctl" as "net.ipv4.conf.all.arp_ignore"',
    );
    expectOnly((d) => (d.nodes[0].files = { '/dev/tcp/1.2.3.4/80': '' }), '$.nodes[0].files["/dev/tcp/1.2.3.4/80"]', '/dev is generated by the system');
    expectOnly((d) => (d.nodes[0].files = { '/etc/motd': 42 }), '$.nodes[0].files["/etc/motd"]', 'expected a string, got 42');
  });
  it('files: one file ≤ 1 MiB, all files together ≤ 4 MiB', () => {
    const big = 'x'.repeat(SCENARIO_LIMITS.FILE_CHARS);
    expect(withEdit((d) => (d.nodes[0].files = { '/a': big })).ok).toBe(true);
    expectOnly((d) => (d.nodes[0].files = { '/a': big + 'x' }), '$.nodes[0].files["/a"]', 'too long: 1048577 characters (at most 1048576)');
    expectOnly(
      (d) => {
        d.nodes[0].files = { '/a': big, '/b': big, '/c': big };
        d.nodes[2].files = { '/a': big, '/b': 'x' };
      },
      '$.nodes[2].files["/b"]',
      'the files of all nodes together exceed 4194304 characters',
    );
  });
  it('boot: one line per entry, each ≤ 4096 characters', () => {
    expect(withEdit((d) => (d.nodes[0].boot = ['', 'echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore', 'x'.repeat(4096)])).ok).toBe(true);
    expectOnly((d) => (d.nodes[0].boot = ['ls', 'x'.repeat(4097)]), '$.nodes[0].boot[1]', 'too long: 4097 characters (at most 4096)');
    expectOnly((d) => (d.nodes[0].boot = ['ifconfig\nreboot']), '$.nodes[0].boot[0]', 'must be a single line');
    expectOnly((d) => (d.nodes[0].boot = 'ifconfig'), '$.nodes[0].boot', 'expected an array of boot lines, got "ifconfig"');
  });
});

describe('links', () => {
  it('ends must name an existing node and interface', () => {
    expectOnly((d) => (d.links[0].a.node = 'nobody'), '$.links[0].a.node', 'no node "nobody" in this scenario');
    expectOnly((d) => (d.links[0].b.iface = 'p9'), '$.links[0].b.iface', 'node "sw1" has no interface "p9" (it has: p1, p2, p3)');
    expectOnly((d) => (d.links[0].a = 'client:eth0'), '$.links[0].a', 'expected a link end like {"node": "client", "iface": "eth0"}, got "client:eth0"');
    expectOnly((d) => delete d.links[0].b, '$.links[0].b', 'missing: end "b"');
  });
  it('joins two different nodes', () => {
    expectOnly((d) => (d.links[0].a = { node: 'sw1', iface: 'p3' }), '$.links[0].b', 'both ends are on node "sw1": a link joins two different nodes');
  });
  it('an interface takes one link', () => {
    expectOnly(
      (d) => d.links.push({ a: { node: 'router', iface: 'eth0' }, b: { node: 'sw1', iface: 'p2' } }),
      '$.links[2].b',
      'sw1 p2 is already cabled (by $.links[1].b): an interface takes one link',
    );
  });
  it.each([[0], [10_000_001], [1.5], [1e308], [Number.NaN], [-Infinity], ['100']])('latencyUs %j', (v) => {
    expectOnly((d) => (d.links[0].latencyUs = v), '$.links[0].latencyUs', 'expected an integer 1..10000000 (microseconds), got ');
  });
  it.each([[-0.1], [1.01], [Number.NaN], ['0']])('loss %j', (v) => {
    expectOnly((d) => (d.links[0].loss = v), '$.links[0].loss', 'expected a probability 0..1, got ');
  });
  it('ids: pattern and uniqueness, derived ids included', () => {
    expectOnly((d) => (d.links[0].id = 'uplink 1'), '$.links[0].id', 'is not a link id');
    expectOnly((d) => (d.links[0].id = 'srv'), '$.links[1].id', 'duplicate link id "srv" (first at $.links[0].id)');
    expectOnly((d) => (d.links[1].id = 'client:eth0--sw1:p1'), '$.links[1].id', 'duplicate link id "client:eth0--sw1:p1" (first at $.links[0])');
    expectOnly(
      (d) => (d.links.unshift({ id: 'router:eth0--sw1:p3', a: { node: 'server', iface: 'eth0' }, b: { node: 'router', iface: 'eth1' } }), d.links.splice(2, 1), d.links.push({ a: { node: 'router', iface: 'eth0' }, b: { node: 'sw1', iface: 'p3' } })),
      '$.links[2]',
      'this link\'s derived id "router:eth0--sw1:p3" is already used (at $.links[0].id): give one of them an explicit "id"',
    );
  });
  it('too many links are refused without walking them', () => {
    expectOnly((d) => (d.links = new Array(SCENARIO_LIMITS.LINKS + 1).fill(0)), '$.links', 'too many links: 2001 (at most 2000)');
  });
});

describe('timeline', () => {
  const act = (a: unknown) => (d: any) => (d.timeline = [a]);
  it.each<[unknown, string, string]>([
    [{ at: -1, node: 'client', run: 'ls' }, '$.timeline[0].at', 'expected a time in seconds 0..86400, got -1'],
    [{ at: 86_401, node: 'client', run: 'ls' }, '$.timeline[0].at', 'got 86401'],
    [{ at: Infinity, node: 'client', run: 'ls' }, '$.timeline[0].at', 'got Infinity'],
    [{ at: '1', node: 'client', run: 'ls' }, '$.timeline[0].at', 'got "1"'],
    [{ at: 1, node: 'ghost', run: 'ls' }, '$.timeline[0].node', 'no node "ghost" in this scenario'],
    [{ at: 1, node: 'sw1', run: 'ls' }, '$.timeline[0].node', '"sw1" is a switch: it has no shell to run commands in'],
    [{ at: 1, node: 'client', run: 'ls\nreboot' }, '$.timeline[0].run', 'must be a single line'],
    [{ at: 1, node: 'client', run: 'x'.repeat(4097) }, '$.timeline[0].run', 'too long: 4097 characters (at most 4096)'],
    [{ at: 1, node: 'client', run: '' }, '$.timeline[0].run', 'must not be empty'],
    [{ at: 1, link: 'nolink', set: 'down' }, '$.timeline[0].link', 'no link "nolink" in this scenario (links: client:eth0--sw1:p1, srv)'],
    [{ at: 1, link: 'srv', set: 'cut' }, '$.timeline[0].set', 'expected one of "down", "up", got "cut"'],
    [{ at: 1, node: 'server', power: 'reboot' }, '$.timeline[0].power', 'expected one of "off", "on", got "reboot"'],
    [{ at: 1, node: 'server' }, '$.timeline[0]', 'an action needs one of "run" (with "node"), "set" (with "link") or "power" (with "node")'],
    [{ at: 1, node: 'server', run: 'ls', power: 'off' }, '$.timeline[0]', 'an action does one thing: it has "run" and "power"'],
    [{ at: 1, link: 'srv', run: 'ls' }, '$.timeline[0].link', 'unknown key'],
    ['curl', '$.timeline[0]', 'expected an action like'],
  ])('%j', (a, path, message) => {
    const errs = errorsOf(withEdit(act(a)));
    expect(errs[0]).toEqual({ path, message: expect.stringContaining(message) });
  });
  it('power actions may target a switch', () => {
    expect(withEdit(act({ at: 3, node: 'sw1', power: 'off' })).ok).toBe(true);
  });
  it('too many actions', () => {
    expectOnly((d) => (d.timeline = new Array(10_001).fill(null)), '$.timeline', 'too many timeline actions: 10001 (at most 10000)');
  });
});

describe('all errors at once', () => {
  it('reports every problem in document order', () => {
    const errs = errorsOf(
      withEdit((d) => {
        d.seed = -1;
        d.nodes[0].interfaces[0].addresses[0] = '192.168.150.1';
        d.nodes[1].kind = 'hub';
        d.nodes[3].interfaces[1].mtu = 1e9;
        d.links[1].loss = 2;
        d.timeline = [{ at: 1, node: 'nobody', run: 'ls' }];
      }),
    );
    expect(errs.map((e) => e.path)).toEqual([
      '$.seed',
      '$.nodes[0].interfaces[0].addresses[0]', // (the gateway is not also blamed for it)
      '$.nodes[1].kind',
      '$.nodes[3].interfaces[1].mtu',
      '$.links[1].loss',
      '$.timeline[0].node',
    ]);
  });

  it(`stops after ${SCENARIO_LIMITS.ERRORS} errors and says so`, () => {
    const d = lab();
    d.nodes = Array.from({ length: 200 }, (_, i) => ({ id: `n${i}`, kind: 'nope' }));
    d.links = [];
    const errs = errorsOf(validateScenario(d));
    expect(errs).toHaveLength(SCENARIO_LIMITS.ERRORS + 1);
    expect(errs[49].path).toBe('$.nodes[49].kind');
    expect(errs[50]).toEqual({ path: '$', message: 'too many errors: stopped after the first 50' });
  });
});

describe('properties', () => {
  const isOk = (r: ReturnType<typeof validateScenario>) => r.ok;

  it('never throws on any value, and every error has a path and a message', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true, withBigInt: true }), (v) => {
        const r = validateScenario(v);
        if (!r.ok) for (const e of r.errors) expect(e.path.startsWith('$') && e.message.length > 0 && !e.message.startsWith('cannot read')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on a valid lab with any one value replaced', () => {
    // Every path into lab() plus a timeline, and a random JSON value put there.
    const base = () => {
      const d = lab();
      d.timeline = [{ at: 1, node: 'client', run: 'curl 192.168.150.11' }, { at: 2, link: 'srv', set: 'down' }, { at: 3, node: 'server', power: 'off' }];
      d.title = { en: 'x', zh: 'y' };
      return d;
    };
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, p: (string | number)[]) => {
      paths.push(p);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
      else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) walk((v as Json)[k], [...p, k]);
    };
    walk(base(), []);
    fc.assert(
      fc.property(fc.constantFrom(...paths.slice(1)), fc.jsonValue(), (path, value) => {
        const d: any = base();
        let o = d;
        for (const k of path.slice(0, -1)) o = o[k];
        o[path[path.length - 1]] = value;
        const r = validateScenario(d);
        if (r.ok) expect(validateScenario(r.scenario)).toEqual(r);
        else for (const e of r.errors) expect(e.message.startsWith('cannot read')).toBe(false);
      }),
      { numRuns: 1000 },
    );
    expect(isOk(validateScenario(base()))).toBe(true);
  });

  it('rejects huge and deep inputs quickly', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = { x: deep };
    let deepArr: unknown = [];
    for (let i = 0; i < 100_000; i++) deepArr = [deepArr];
    const cases: unknown[] = [
      { lvslab: 1, nodes: new Array(1_000_000).fill({ id: 'a', kind: 'host' }), links: [] },
      { lvslab: 1, nodes: [], links: new Array(1_000_000).fill(deep) },
      { lvslab: 1, nodes: [], links: [], timeline: new Array(1_000_000).fill(deep) },
      { lvslab: 1, nodes: [], links: [], title: deep },
      { lvslab: 1, nodes: [{ id: 'a', kind: 'host', boot: deepArr }], links: [] },
      { lvslab: 1, nodes: [], links: [], deep },
      { lvslab: 1, nodes: [{ id: 'a', kind: 'host', hosts: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`h${i}`, '1.2.3.4'])) }], links: [] },
      { lvslab: 1, nodes: [{ id: 'a'.repeat(10_000_000), kind: 'host' }], links: [] },
      { lvslab: 1, nodes: [{ id: 'a', kind: 'host', interfaces: [{ name: 'eth0', addresses: new Array(1_000_000).fill('1.2.3.4/24') }] }], links: [] },
      Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])),
    ];
    for (const c of cases) {
      const t0 = performance.now();
      const r = validateScenario(c);
      const ms = performance.now() - t0;
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.length).toBeLessThanOrEqual(SCENARIO_LIMITS.ERRORS + 1);
      expect(ms).toBeLessThan(500);
    }
  });
});
