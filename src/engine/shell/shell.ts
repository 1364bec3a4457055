import type { Host } from '../os/host';
import { Task, type Block, type Program, type Wake } from '../os/task';
import { FsError, normalizePath, STRERROR } from '../os/vfs';
import type { List, Redir, SimpleCommand, Word } from './ast';
import { BUILTINS } from './builtins';
import type { CommandContext } from './command';
import { expandHeredoc, expandWord, type ExpandEnv } from './expand';
import { parseLine, pendingHeredocs, ShellSyntaxError, wordLiteral } from './parse';
import { COMMANDS } from './registry';
import { BufferOutput, EMPTY_INPUT, stringInput, type Fd, type InputStream, type OutputStream } from './streams';

/** Close descriptors a command opened for itself (the last copy closes the socket). */
function closeAll(opened: Fd[]): void {
  for (const fd of opened) {
    if (fd.refs && --fd.refs.n > 0) continue;
    fd.close?.();
  }
}

/** A redirection or fd problem, already worded as bash prints it (without the `bash: ` prefix). */
class RedirError extends Error {}

/**
 * One interactive bash session on a host: its PID, working directory,
 * variables, open file descriptors (fd 8 from `exec 8<> /dev/tcp/...` lives
 * here) and the line currently running.
 */
export class Shell {
  readonly pid: number;
  cwd = '/root';
  status = 0;
  readonly vars = new Map<string, string>();
  readonly fds = new Map<number, Fd>();
  readonly history: string[] = [];
  private task: Task | null = null;
  /** The terminal: where fd 1 and 2 go unless redirected. */
  private terminal: OutputStream;

  constructor(
    readonly host: Host,
    terminal: (text: string) => void,
    readonly tty = '/dev/pts/0',
  ) {
    this.terminal = { write: terminal };
    this.pid = host.procs.spawn({ ppid: 1, comm: 'bash', args: '-bash', user: 'root', start: host.world.now }).pid;
    this.vars.set('HOME', '/root');
    this.vars.set('PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/root/bin');
    this.vars.set('HOSTNAME', host.hostname);
    this.vars.set('USER', 'root');
    const term: Fd = { target: tty, output: this.terminal, input: EMPTY_INPUT };
    this.fds.set(0, term);
    this.fds.set(1, term);
    this.fds.set(2, term);
  }

  /** `[root@node01 ~]# ` */
  prompt(): string {
    const home = this.vars.get('HOME') ?? '/root';
    const dir = this.cwd === home ? '~' : this.cwd === '/' ? '/' : this.cwd.slice(this.cwd.lastIndexOf('/') + 1);
    return `[root@${this.host.hostname} ${dir}]# `;
  }

  get busy(): boolean {
    return this.task !== null && !this.task.done;
  }

  /**
   * Type a line (plus, for `<<EOF`, the here-document lines after it).
   * `onDone` runs when the line has finished, in virtual time.
   */
  submit(text: string, onDone?: (status: number) => void): void {
    if (this.busy) throw new Error(`${this.host.id}: shell is busy`);
    const task = new Task(this.host.world.sim, this.runText(text), (status) => {
      this.status = status;
      if (this.task === task) this.task = null;
      onDone?.(status);
    });
    this.task = task;
    task.start();
  }

  /** Ctrl-C. */
  interrupt(): void {
    this.task?.interrupt();
  }

  private env(): ExpandEnv {
    return { pid: this.pid, status: this.status, vars: this.vars };
  }

  private errLine(msg: string): void {
    this.fds.get(2)?.output?.write(`${msg}\n`);
  }

  *runText(text: string): Program {
    const lines = text.split('\n');
    let status = this.status;
    let i = 0;
    while (i < lines.length) {
      const line = lines[i++];
      if (line.trim() === '') continue;
      this.history.push(line);
      this.host.world.trace.state({ t: this.host.world.now, node: this.host.id, kind: 'shell.command', text: line });
      let list: List;
      try {
        list = parseLine(line);
      } catch (e) {
        if (!(e instanceof ShellSyntaxError)) throw e;
        this.errLine(`-bash: ${e.message}`);
        this.status = status = 2;
        continue;
      }
      for (const r of pendingHeredocs(list)) {
        const delim = wordLiteral(r.target);
        const body: string[] = [];
        while (i < lines.length && (r.stripTabs ? lines[i].replace(/^\t+/, '') : lines[i]) !== delim) {
          body.push(r.stripTabs ? lines[i].replace(/^\t+/, '') : lines[i]);
          i++;
        }
        if (i < lines.length) i++;
        else this.errLine(`-bash: warning: here-document delimited by end-of-file (wanted \`${delim}')`);
        r.heredoc = body.length ? body.join('\n') + '\n' : '';
      }
      status = yield* this.runList(list);
    }
    return status;
  }

  private *runList(list: List): Program {
    let status = this.status;
    let skip = false;
    for (const { pipeline, op } of list.items) {
      if (!skip) {
        status = yield* this.runPipeline(pipeline.commands);
        if (pipeline.negate) status = status === 0 ? 1 : 0;
        this.status = status;
      }
      skip = (op === '&&' && status !== 0) || (op === '||' && status === 0);
    }
    return status;
  }

  private *runPipeline(cmds: SimpleCommand[]): Program {
    let input: InputStream | null = null;
    let status = 0;
    for (let k = 0; k < cmds.length; k++) {
      const last = k === cmds.length - 1;
      const pipeOut = last ? null : new BufferOutput();
      status = yield* this.runSimple(cmds[k], input, pipeOut);
      input = pipeOut ? stringInput(pipeOut.text) : null;
    }
    return status;
  }

  private *runSimple(cmd: SimpleCommand, pipeIn: InputStream | null, pipeOut: OutputStream | null): Program {
    const env = this.env();
    const argv: string[] = [];
    for (const w of cmd.words) argv.push(...(yield* this.expandArgs(w, env)));
    if (argv.length === 0) {
      // Only assignments and/or redirections.
      for (const a of cmd.assigns) this.vars.set(a.name, (yield* this.expandArgs(a.value, env, false)).join(' '));
      if (cmd.redirs.length) {
        const fds = new Map(this.fds);
        const opened: Fd[] = [];
        try {
          yield* this.applyRedirs(cmd.redirs, fds, env, false, opened);
        } catch (e) {
          if (e instanceof RedirError) return this.redirFailed(e);
          throw e;
        } finally {
          closeAll(opened);
        }
      }
      return 0;
    }
    const name = argv[0];
    // `exec` with only redirections changes the shell's own descriptors.
    const persistent = name === 'exec' && argv.length === 1;
    const fds = persistent ? this.fds : new Map(this.fds);
    if (pipeIn) fds.set(0, { target: 'pipe:[0]', input: pipeIn });
    if (pipeOut) fds.set(1, { target: 'pipe:[1]', output: pipeOut });
    // What this command's own redirections opened (`echo 8<> /dev/tcp/...`) is closed when it ends.
    const opened: Fd[] = [];
    try {
      yield* this.applyRedirs(cmd.redirs, fds, env, persistent, opened);
    } catch (e) {
      closeAll(opened);
      if (e instanceof RedirError) return this.redirFailed(e);
      throw e;
    }
    if (persistent) return 0;
    try {
      return yield* this.runCommand(name, argv, fds);
    } finally {
      closeAll(opened);
    }
  }

  private *runCommand(name: string, argv: string[], fds: Map<number, Fd>): Program {

    const out = fds.get(1)?.output;
    const err = fds.get(2)?.output;
    const ctx: CommandContext = {
      host: this.host,
      shell: this,
      argv,
      stdin: fds.get(0)?.input ?? EMPTY_INPUT,
      out: (t) => out?.write(t),
      err: (t) => err?.write(t),
      pid: this.host.procs.transientPid(),
      stdoutIsTty: (fds.get(1)?.target ?? '').startsWith('/dev/pts/'),
    };
    const builtin = BUILTINS.get(name);
    if (builtin) return yield* builtin(ctx);
    const spec = COMMANDS.get(name);
    if (!spec || (spec.pkg && !this.host.packages.has(spec.pkg))) {
      if (name.includes('/')) {
        ctx.err(`-bash: ${name}: No such file or directory\n`);
        return 127;
      }
      ctx.err(`-bash: ${name}: command not found\n`);
      return 127;
    }
    return yield* spec.run(ctx);
  }

  /**
   * Expand one word to its arguments. Command substitutions run first
   * (`$(pidof keepalived)`), their trailing newlines removed; an unquoted
   * substitution is split on whitespace into several arguments, as bash does.
   */
  private *expandArgs(word: Word, env: ExpandEnv, split = true): Generator<Block, string[], Wake> {
    if (!word.some((p) => p.subst)) return [expandWord(word, env)];
    let text = '';
    let splittable = false;
    for (const part of word) {
      if (!part.subst) {
        text += expandWord([part], env);
        continue;
      }
      text += (yield* this.capture(part.text)).replace(/\n+$/, '');
      if (!part.double) splittable = true;
    }
    this.status = env.status;
    if (split && splittable) return text.split(/[ \t\n]+/).filter((x) => x !== '');
    return [text];
  }

  /** Run a command line with its standard output captured (the substitution's subshell). */
  private *capture(line: string): Generator<Block, string, Wake> {
    const buf = new BufferOutput();
    const saved = this.fds.get(1);
    this.fds.set(1, { target: 'pipe:[subst]', output: buf });
    try {
      const list = parseLine(line);
      this.status = yield* this.runList(list);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      this.errLine(`-bash: command substitution: ${e.message}`);
    } finally {
      if (saved) this.fds.set(1, saved);
      else this.fds.delete(1);
    }
    return buf.text;
  }

  private redirFailed(e: RedirError): number {
    this.errLine(`-bash: ${e.message}`);
    return 1;
  }

  /** Open, duplicate and close descriptors as bash does, left to right. */
  private *applyRedirs(redirs: Redir[], fds: Map<number, Fd>, env: ExpandEnv, persistent: boolean, opened: Fd[] = []): Generator<Block, void, Wake> {
    for (const r of redirs) {
      if (r.op === '<<') {
        fds.set(r.fd, { target: 'pipe:[heredoc]', input: stringInput(expandHeredoc(r.heredoc ?? '', env, !!r.quotedDelimiter)) });
        continue;
      }
      const target = expandWord(r.target, env);
      if (r.op === '>&' || r.op === '<&') {
        if (target === '-') {
          this.closeFd(fds, r.fd, persistent);
          continue;
        }
        if (!/^\d+$/.test(target)) {
          if (r.op === '>&') {
            // `>& file` redirects both stdout and stderr to a file.
            const f = this.openFile(target, 'w');
            fds.set(1, f);
            fds.set(2, f);
            continue;
          }
          throw new RedirError(`${target}: ambiguous redirect`);
        }
        const src = fds.get(Number(target));
        if (!src) throw new RedirError(`${target}: Bad file descriptor`);
        // Only a lasting dup (`exec 9>&8`) holds the descriptor open; a command's temporary copies go with it.
        if (src.refs && persistent) src.refs.n++;
        if (persistent) this.closeFd(fds, r.fd, true);
        fds.set(r.fd, src);
        continue;
      }
      if (r.op === '&>') {
        const f = this.openFile(target, 'w');
        fds.set(1, f);
        fds.set(2, f);
        continue;
      }
      const mode = r.op === '<' ? 'r' : r.op === '>' ? 'w' : r.op === '>>' ? 'a' : 'rw';
      let fd: Fd;
      const dev = this.host.openDevice(target, mode, { pid: this.pid, comm: 'bash', fd: r.fd, warn: (m) => this.errLine(`-bash: ${m}`) });
      if (dev) {
        const opened = yield* dev;
        if (typeof opened === 'string') throw new RedirError(`${target}: ${opened}`);
        fd = opened;
      } else fd = this.openFile(target, mode);
      if (!persistent) opened.push(fd);
      if (persistent) this.closeFd(fds, r.fd, true);
      fds.set(r.fd, fd);
    }
  }

  private closeFd(fds: Map<number, Fd>, n: number, persistent: boolean): void {
    const fd = fds.get(n);
    if (!fd) return;
    fds.delete(n);
    if (!persistent) return;
    if (fd.refs && --fd.refs.n > 0) return;
    fd.close?.();
  }

  private openFile(path: string, mode: 'r' | 'w' | 'a' | 'rw'): Fd {
    const abs = normalizePath(path, this.cwd);
    const fs = this.host.fs;
    try {
      if (mode === 'r') {
        const text = fs.read(abs);
        return { target: abs, input: stringInput(text) };
      }
      if (fs.isVirtual(abs)) {
        // procfs: opening does not truncate; each write is handed to the kernel as is.
        if (!fs.exists(abs)) throw new FsError('ENOENT', abs);
        return { target: abs, input: stringInput(''), output: { write: (t) => fs.write(abs, t) } };
      }
      if (mode === 'w') fs.write(abs, '');
      else if (!fs.exists(abs)) fs.write(abs, '');
      else if (fs.isDir(abs)) throw new FsError('EISDIR', abs);
      const text = mode === 'rw' ? fs.read(abs) : '';
      return {
        target: abs,
        input: stringInput(text),
        output: { write: (t) => fs.write(abs, t, true) },
      };
    } catch (e) {
      if (e instanceof FsError) throw new RedirError(`${path}: ${STRERROR[e.errno]}`);
      throw e;
    }
  }
}
