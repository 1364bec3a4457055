import type { ScenarioDocV1 } from '../../../scenario/types';

/** One CentOS 7 host on its own: the scenario the coreutils tests type into. */
export const ONE_HOST: ScenarioDocV1 = {
  lvslab: 1,
  nodes: [{ id: 'node01', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.11/24'] }] }],
  links: [],
};

/** `0 node01 cmd` lines, one second apart, from plain command lines. */
export const script = (...lines: string[]): string => lines.map((l, i) => `${i} node01 ${l}`).join('\n');
