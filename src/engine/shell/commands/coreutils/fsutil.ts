import { FsError, normalizePath, STRERROR } from '../../../os/vfs';
import type { Block, Wake } from '../../../os/task';
import type { CommandContext } from '../../command';

/** coreutils' quote() in a UTF-8 locale (CentOS 7, coreutils 8.22): ‘name’. */
export const q = (s: string): string => `\u2018${s}\u2019`;

/** An absolute path for an operand, relative to the shell's working directory. */
export const abs = (ctx: CommandContext, p: string): string => normalizePath(p, ctx.shell.cwd);

/** The strerror text of a file-system error (anything else is a bug and is rethrown). */
export function errText(e: unknown): string {
  if (e instanceof FsError) return STRERROR[e.errno];
  throw e;
}

/** `prog: message` + `Try 'prog --help' for more information.`, the GNU usage error; returns `status`. */
export function usageError(ctx: CommandContext, prog: string, message: string, status = 1): number {
  ctx.err(`${prog}: ${message}\nTry '${prog} --help' for more information.\n`);
  return status;
}

/** Read an operand (`-` = standard input). Returns the text, or the strerror text of the failure. */
export function* readOperand(ctx: CommandContext, name: string): Generator<Block, { text: string } | { error: string }, Wake> {
  if (name === '-') return { text: yield* ctx.stdin.readAll() };
  try {
    return { text: ctx.host.fs.read(abs(ctx, name)) };
  } catch (e) {
    return { error: errText(e) };
  }
}

/** Split text into lines as the line-oriented tools see them (a missing final newline still ends a line). */
export function lines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}
