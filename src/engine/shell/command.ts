import type { Host } from '../os/host';
import type { Block, Program, Wake } from '../os/task';
import type { Shell } from './shell';
import type { InputStream } from './streams';

/** What a command gets: its arguments, its streams and the host it runs on. */
export interface CommandContext {
  host: Host;
  shell: Shell;
  /** argv[0] is the command name as typed. */
  argv: string[];
  stdin: InputStream;
  /** Write to standard output / standard error (text with its own newlines). */
  out(text: string): void;
  err(text: string): void;
  /** PID of this command while it runs. */
  pid: number;
  /** isatty(1): standard output is the terminal (ls lays out columns only then). */
  stdoutIsTty?: boolean;
}

/** A command is a program: it may block in virtual time (ping, curl) and returns an exit status. */
export type CommandFn = (ctx: CommandContext) => Program;

export interface CommandSpec {
  run: CommandFn;
  /** Package that provides it; the command is "not found" until `yum install` adds the package. */
  pkg?: string;
  /** Shown by `help`. */
  summary?: string;
}

/** Helper for commands that never block. */
export function sync(fn: (ctx: CommandContext) => number): CommandFn {
  // eslint-disable-next-line require-yield
  return function* (ctx): Generator<Block, number, Wake> {
    return fn(ctx);
  };
}
