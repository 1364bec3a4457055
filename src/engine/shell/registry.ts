import type { CommandSpec } from './command';

/**
 * Every external command the shell can find, by name. Command modules
 * register themselves here; `shell/commands/index.ts` imports them all.
 */
export const COMMANDS = new Map<string, CommandSpec>();

export function register(names: string | string[], spec: CommandSpec): void {
  for (const n of Array.isArray(names) ? names : [names]) COMMANDS.set(n, spec);
}
