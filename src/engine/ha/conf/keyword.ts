/**
 * The keyword tree keepalived's parser walks (parser.c install_keyword*):
 * root keywords belong to a subsystem; each process parses the whole file
 * with only its own subsystem's roots active (plus global_defs), and skips
 * the blocks of the others by counting braces.
 */
import type { ConfReader } from './lexer';
import type { CheckerConf, KeepalivedConf, RealServerConf, Subsystem, VirtualServerConf, VrrpInstanceConf, HttpUrlConf } from './types';

/** What the parser knows about the host (if_get_by_ifname). */
export interface HostView {
  /** undefined: no such interface; else whether it is a loopback. */
  iface(name: string): { loopback: boolean } | undefined;
}

/** Thrown by a handler that reads a missing word (null_strvec → exit(KEEPALIVED_EXIT_CONFIG)). */
export class MissingParameter extends Error {}

/** Parser state shared by the handlers (keepalived's current_vrrp, LIST_TAIL_DATA(check_data->vs), ...). */
export interface ParseCtx {
  readonly subsystem: Subsystem;
  readonly conf: KeepalivedConf;
  readonly host: HostView;
  readonly reader: ConfReader;
  log(m: string): void;
  /** Word `i` of the line, or the null_strvec error (which ends the parse). */
  arg(words: string[], i: number): string;
  /** skip_block: ignore the rest of the block being opened. */
  skipBlock(): void;
  /** Set when a configured interface does not exist (non_existent_interface_specified). */
  missingInterface: boolean;
  vrrp: VrrpInstanceConf | null;
  vs: VirtualServerConf | null;
  rs: RealServerConf | null;
  checker: CheckerConf | null;
  url: HttpUrlConf | null;
}

export interface Keyword {
  name: string;
  handler?: (ctx: ParseCtx, words: string[]) => void;
  /** Sub-keywords: the keyword opens a `{ }` block. */
  sub?: Keyword[];
  /** Run when the block closes (install_sublevel_end_handler). */
  close?: (ctx: ParseCtx) => void;
}

export interface RootKeyword extends Keyword {
  /** Which process has it active; `global` is active everywhere. */
  sys: 'global' | 'vrrp' | 'check';
}

/**
 * Keywords that keepalived knows and lvslab accepts without modelling them.
 * If one opens a `{ }` block, the block is skipped (skip_block).
 */
export const ignored = (...names: string[]): Keyword[] => names.map((name) => ({ name, handler: (ctx: ParseCtx) => ctx.skipBlock() }));

/**
 * alloc_value_block: read the `{ ... }` block that follows a keyword whose
 * handler takes a list (virtual_ipaddress, notification_email, unicast_peer),
 * calling `each` for every line inside.
 */
export function readValueBlock(ctx: ParseCtx, blockType: string, each: (words: string[]) => void): void {
  let first = true;
  for (;;) {
    const l = ctx.reader.next();
    if (!l) return;
    if (first) {
      first = false;
      if (l.words[0] === '{') continue;
      ctx.log(`'{' missing from beginning of block ${blockType}`);
    }
    if (l.words[0] === '}') return;
    each(l.words);
  }
}
