/**
 * Messages between the page and the engine's Web Worker. Commands go in;
 * batched events and snapshots come out (about 30 per second while running).
 * Everything here is structured-cloneable; frame bytes travel as Uint8Arrays
 * whose buffers are transferred, not copied.
 */
import type { ScenarioDocV1, ScenarioError, InterfaceDoc, LinkDoc, NodeDoc, NodeKind, Position } from '../engine/scenario/types';
import type { FrameKind } from '../engine/wire/summary';
import type { LinkSnapshot, NodeSnapshot } from '../engine/view/types';
import type { Completion } from '../engine/shell/complete';
import type { FileReply, SaveReply } from './files';
import type { PacketInspection } from '../engine/view/inspect';
import type { LadderSelect, LadderView } from './ladder-query';
import type { ConsoleView } from './recording';
import type { ExportInventory, ExportRequest, ExportResult } from './exports';

export type { ConsoleView, LadderSelect, LadderView };
export type { Completion, FileReply, SaveReply };
export type { ExportInventory, ExportRequest, ExportResult };

// ---------------------------------------------------------------------------
// Edits: every change a user makes to the topology is one of these.

/** One end of a cable to lay; `iface: null` creates a new interface (host: next ethN, switch: next pN). */
export interface ConnectEnd {
  node: string;
  iface: string | null;
}

export type Edit =
  /** Add a node of a kind; the worker picks its id and default interfaces. */
  | { op: 'add-node'; kind: NodeKind; position: Position }
  /** Paste copies of nodes (and the cables between them), renamed to free ids, shifted by `offset`. */
  | { op: 'paste'; nodes: NodeDoc[]; links: LinkDoc[]; offset: Position }
  /** Delete nodes (with their cables) and cables. */
  | { op: 'remove'; nodes: string[]; links: string[] }
  | { op: 'connect'; a: ConnectEnd; b: ConnectEnd }
  /** The label shown on the canvas (`name`); the hostname stays the node id. */
  | { op: 'rename'; node: string; name: string }
  | { op: 'move'; positions: Record<string, Position> }
  /** Cut (`up: false`) or restore a cable: applied live, no restart. */
  | { op: 'set-link'; link: string; up: boolean }
  /** Replace an interface's addresses (`a.b.c.d/len`, first is primary). */
  | { op: 'set-addresses'; node: string; iface: string; addresses: string[] }
  /** The host's default gateway (null: none). */
  | { op: 'set-gateway'; node: string; gateway: string | null }
  /** One sysctl in dotted form (`net.ipv4.conf.all.arp_ignore`); null goes back to the default. */
  | { op: 'set-sysctl'; node: string; key: string; value: string | null }
  | { op: 'add-interface'; node: string; iface?: InterfaceDoc }
  /**
   * Attach the lab's internet (src/presets/internet.ts: ISP routers, backbone, DNS 223.5.5.5,
   * web servers) to a router's free interface, which becomes its WAN side (123.112.0.2/30).
   */
  | { op: 'add-internet'; router?: string };

/** How an accepted change reached the running simulation. */
export type ChangeEffect =
  /** Only positions or labels changed: the simulation goes on. */
  | 'cosmetic'
  /** Cables cut or restored in the running world: the simulation goes on. */
  | 'live'
  /** The topology changed: the world was rebuilt and restarted from t = 0. */
  | 'restart';

export const SPEEDS = [0.01, 0.03, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 100] as const;

// ---------------------------------------------------------------------------
// Page → worker

export type ToWorker =
  /** Load a document (a preset, a file): replaces everything, history included. */
  | { type: 'load'; doc: ScenarioDocV1 | unknown; seed?: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'speed'; speed: number }
  /** Run until the next frame leaves a node, animate its flight, then pause. */
  | { type: 'step' }
  /** Whether idle stretches (nothing on the wires) are crossed quickly. Default on. */
  | { type: 'skip-idle'; on: boolean }
  /** Type a line into a node's shell (queued while it is busy). */
  | { type: 'type'; node: string; line: string }
  /** Ctrl-C on a node's console. */
  | { type: 'interrupt'; node: string }
  | { type: 'edit'; edit: Edit }
  | { type: 'undo' }
  | { type: 'redo' }
  /** Test hook: run the simulation `us` microseconds forward now, as fast as possible; answered by `advanced`. */
  | { type: 'advance'; us: number; token: number }
  /** Test hook (dev builds or `?testhooks=1` only): make the worker fail. */
  | { type: 'debug-crash'; how: 'throw' | 'fatal' }
  /**
   * Rewind (or go forward again) to `t` µs of the recording: the lab is rebuilt
   * there by deterministic replay and paused; answered by `seeked`, then a batch.
   */
  | { type: 'seek'; t: number }
  /** A ladder diagram of a packet's flow, or of everything between two hosts; answered by `ladder`. */
  | { type: 'ladder'; token: number; select: LadderSelect; arp?: boolean }
  /** Run the simulation forward to virtual time `us` as fast as possible, then pause (opening a share link at its `t`). */
  | { type: 'run-until'; us: number }
  /** Build a download (a pcap, the captures' zip, a host's commands) or list what there is; answered by `exported`. */
  | { type: 'export'; token: number; request: ExportRequest }
  /** The packet inspector: packet `pid` with frame `seq` selected (path, per-hop diffs, layers, bytes); answered by `inspection`. */
  | { type: 'inspect'; token: number; pid: number; seq: number }
  /** A host's terminal opened: send its output from now on, and its prompt (answered by `prompt`). */
  | { type: 'term-open'; node: string }
  /** Tab in a terminal: what bash would complete at `cursor` on that host; answered by `completions`. */
  | { type: 'complete'; token: number; node: string; line: string; cursor: number }
  /** `vi FILE` in a terminal: the file's text (path relative to the shell's directory); answered by `file`. */
  | { type: 'read-file'; token: number; node: string; path: string }
  /** The vi editor saves: write the file on the host (recorded like typing); answered by `file-saved`. */
  | { type: 'write-file'; token: number; node: string; path: string; content: string }
  | { type: 'ping' };

// ---------------------------------------------------------------------------
// Worker → page

export type PlayState = 'paused' | 'playing' | 'stepping';

/** The virtual clock as of this message; between messages the page extrapolates `now + rate × elapsed wall ms`. */
export interface ClockMsg {
  /** Virtual time in µs (fractional while a frame crawls along a cable). */
  now: number;
  /** Virtual µs per wall-clock millisecond right now (0 when paused). */
  rate: number;
  /** Do not extrapolate past this virtual time (the next thing the engine has not run yet). */
  horizon: number;
  state: PlayState;
  speed: number;
  skipIdle: boolean;
  /** The latest moment this recording reached (µs): the scrubber spans [0, end]. */
  end: number;
}

/** A frame put on a cable. */
export interface HopMsg {
  seq: number;
  pid: number;
  t: number;
  arrive: number;
  link: string;
  from: { node: string; iface: string };
  to: { node: string; iface: string };
  kind: FrameKind;
  tcpFlags?: string;
  broadcast: boolean;
  summary: string;
  /** Set when the frame is lost on the cable (it never arrives). */
  lost?: string;
  /** The frame's bytes (own buffer, transferred). */
  frame: Uint8Array;
}

/** A frame a node threw away. */
export interface DropMsg {
  seq: number;
  pid: number;
  t: number;
  node: string;
  iface?: string;
  reason: string;
  kind: FrameKind;
  /** The frame was a broadcast (a host ignoring someone else's ARP request, say). */
  broadcast: boolean;
  summary: string;
  frame: Uint8Array;
}

export interface StateMsg {
  seq: number;
  t: number;
  node: string;
  kind: string;
  text: string;
  data?: Record<string, string | number | boolean | null>;
}

export interface TermMsg {
  node: string;
  text: string;
}

/** A typed line finished: the new prompt to show. */
export interface DoneMsg {
  node: string;
  line: string;
  status: number | null;
  prompt: string;
}

export interface Batch {
  type: 'batch';
  clock: ClockMsg;
  hops: HopMsg[];
  drops: DropMsg[];
  states: StateMsg[];
  term: TermMsg[];
  done: DoneMsg[];
  /** Nodes whose picture changed since the last batch. */
  snapshots: NodeSnapshot[];
  /** Every cable's live state, when any changed. */
  links?: LinkSnapshot[];
  /** Virtual µs crossed quickly because nothing was on the wires (since the last batch). */
  skippedUs: number;
  /** Frames beyond the per-batch cap that were not sent (a storm, 100×). */
  elided: number;
  /** Lines the recording typed again as the clock passed them (after a rewind): echo them as if typed. */
  typed?: Array<{ node: string; line: string }>;
  /**
   * A new input after a rewind dropped the recorded future: events from this
   * trace position on are new (the page forgets what it kept beyond it).
   */
  branchedAt?: number;
}

/** The lab was rebuilt at `t` (a seek); a batch with every node's picture follows. */
export interface SeekedMsg {
  type: 'seeked';
  t: number;
  /** Trace position of the next event: everything the page holds from here on lies after `t`. */
  cursor: number;
  /** Hops and drops in the trace up to `t` (before the recent ones re-sent in the next batch). */
  hopsBefore: number;
  dropsBefore: number;
  /** Every terminal as of `t`, rebuilt from the command records. */
  consoles: Record<string, ConsoleView>;
  /** Recorded inputs still ahead of `t` (given again as the clock passes them). */
  pending: number;
  end: number;
}

export interface LadderMsg {
  type: 'ladder';
  token: number;
  /** null when the packet is unknown (before the rewind point, say). */
  ladder: LadderView | null;
}

/** The answer to `inspect`; null when the packet is unknown (before a rewind point, say). */
export interface InspectionMsg {
  type: 'inspection';
  token: number;
  inspection: PacketInspection | null;
}

/** The current document, after a load, an accepted edit, an undo or a redo. */
export interface DocMsg {
  type: 'doc';
  doc: ScenarioDocV1;
  /** `load` for a fresh document; otherwise what the change did to the running simulation. */
  effect: ChangeEffect | 'load';
  canUndo: boolean;
  canRedo: boolean;
  /** What the change was, for a notice (`Added node03`, `Undo: cable cut`). */
  label: string;
}

export type FromWorker =
  | DocMsg
  | Batch
  | { type: 'load-error'; errors: ScenarioError[] }
  | { type: 'edit-rejected'; message: string }
  /** The world detected a broadcast storm and the worker paused. */
  | { type: 'storm'; message: string }
  | { type: 'advanced'; token: number }
  | { type: 'pong' }
  /** The engine failed; the page offers a restart from the last good document. */
  | { type: 'fatal'; message: string }
  | SeekedMsg
  | LadderMsg
  | InspectionMsg
  | { type: 'exported'; token: number; result: ExportResult }
  /** A host's shell prompt as it is now (after `term-open`). */
  | { type: 'prompt'; node: string; prompt: string }
  | { type: 'completions'; token: number; completion: Completion | null }
  | { type: 'file'; token: number; file: FileReply | null }
  | { type: 'file-saved'; token: number; saved: SaveReply | null };
