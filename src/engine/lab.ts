import { buildWorld } from './build';
import type { Host } from './os/host';
import { normalizePath } from './os/vfs';
import type { Scenario } from './scenario/types';
import type { Shell } from './shell/shell';
import type { Micros } from './sim/time';
import type { World } from './world';
import './shell/commands';

/** One typed command and what it printed. */
export interface CommandRecord {
  node: string;
  line: string;
  /** When it was typed (it may start later if the shell was busy). */
  typedAt: Micros;
  startedAt: Micros | null;
  endedAt: Micros | null;
  output: string;
  status: number | null;
  /** Boot lines are run before anything else and are not part of a transcript. */
  boot: boolean;
}

/** A node's console: one shell, and the lines waiting for it (typed ahead while it is busy). */
class Console {
  readonly shell: Shell;
  private queue: CommandRecord[] = [];
  private current: CommandRecord | null = null;
  /** Everything the shell printed, for a terminal. */
  onOutput: (text: string) => void = () => {};

  constructor(
    host: Host,
    private readonly onFinish: (r: CommandRecord) => void,
  ) {
    this.shell = host.openShell((text) => {
      if (this.current) this.current.output += text;
      this.onOutput(text);
    });
  }

  type(r: CommandRecord): void {
    this.queue.push(r);
    this.pump();
  }

  get busy(): boolean {
    return this.current !== null || this.queue.length > 0;
  }

  interrupt(): void {
    this.shell.interrupt();
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    const r = this.queue.shift()!;
    this.current = r;
    r.startedAt = this.shell.host.world.now;
    this.shell.submit(r.line, (status) => {
      r.status = status;
      r.endedAt = this.shell.host.world.now;
      this.current = null;
      this.onFinish(r);
      this.pump();
    });
  }
}

/**
 * A running lab: the world built from a scenario, a console per host, the
 * boot lines and the timeline scheduled. The CLI and the Web Worker both
 * drive the engine through this.
 */
export class Lab {
  readonly world: World;
  readonly records: CommandRecord[] = [];
  private consoles = new Map<string, Console>();
  /** Called when any typed command finishes. */
  onCommandDone: (r: CommandRecord) => void = () => {};

  constructor(
    readonly scenario: Scenario,
    seed?: number,
  ) {
    this.world = buildWorld(scenario, seed);
    for (const n of scenario.nodes) {
      if (n.kind === 'switch') continue;
      for (const line of n.boot) this.type(n.id, line, true);
    }
    for (const a of scenario.timeline) {
      const at = Math.round(a.at * 1_000_000);
      this.world.sim.at(at, () => {
        if ('run' in a) this.type(a.node, a.run);
        else if ('link' in a) this.setLink(a.link, a.set === 'up');
        else this.setPower(a.node, a.power === 'on');
      });
    }
  }

  host(id: string): Host | undefined {
    const n = this.world.node(id);
    return n && n.kind !== 'switch' ? (n as Host) : undefined;
  }

  console(id: string): Console {
    let c = this.consoles.get(id);
    if (!c) {
      const h = this.host(id);
      if (!h) throw new Error(`no host named ${id}`);
      c = new Console(h, (r) => this.onCommandDone(r));
      this.consoles.set(id, c);
    }
    return c;
  }

  /** Type a line into a node's shell now (queued if the shell is busy). */
  type(node: string, line: string, boot = false): CommandRecord {
    const r: CommandRecord = { node, line, typedAt: this.world.now, startedAt: null, endedAt: null, output: '', status: null, boot };
    this.records.push(r);
    this.console(node).type(r);
    return r;
  }

  /** Ctrl-C on a node's console. */
  interrupt(node: string): void {
    this.console(node).interrupt();
  }

  /** A node's console if one was opened already (typing opens it), without opening one. */
  existingConsole(id: string): Console | undefined {
    return this.consoles.get(id);
  }

  /** The absolute path `path` names in a node's shell (relative paths from its working directory; /root before any). */
  resolvePath(node: string, path: string): string {
    return normalizePath(path, this.consoles.get(node)?.shell.cwd ?? '/root');
  }

  /** Save a file as an editor does (the web terminal's vi): creates or replaces it; throws FsError as write(2) would fail. */
  writeFile(node: string, path: string, content: string): void {
    const host = this.host(node);
    if (!host) throw new Error(`no host named ${node}`);
    host.fs.write(this.resolvePath(node, path), content);
  }

  setLink(id: string, up: boolean): void {
    const l = this.world.links.get(id);
    if (!l || l.up === up) return;
    l.up = up;
    this.world.trace.state({ t: this.world.now, node: '*', kind: 'link.state', text: `cable ${id} ${up ? 'restored' : 'cut'}`, data: { link: id, up } });
  }

  setPower(id: string, on: boolean): void {
    const n = this.world.node(id);
    if (!n || n.powered === on) return;
    n.setPower(on);
    this.world.trace.state({ t: this.world.now, node: id, kind: 'node.power', text: `${id} powered ${on ? 'on' : 'off'}`, data: { on } });
  }

  /** Whether any console still has work. */
  get busy(): boolean {
    for (const c of this.consoles.values()) if (c.busy) return true;
    return false;
  }
}
