/**
 * process_stream (keepalived/core/parser.c): walk the word vectors against
 * the keyword tree. Behaviour kept from keepalived because learners meet it:
 *
 * - a keyword the current block does not know logs `Unknown keyword 'X'` and
 *   the rest of its line is ignored — its `{ }` block is NOT skipped, so its
 *   contents are read as if they belonged to the enclosing block and its `}`
 *   closes the enclosing block early (the notes' `virtual_server` nested in
 *   `vrrp_instance` cascades that way);
 * - a block keyword must be followed by `{` (`Missing '{' at beginning of
 *   configuration block`), a stray `{` is `Unexpected '{' - ignoring`;
 * - roots of another subsystem are skipped silently by counting braces.
 */
import { CHECK_ROOTS } from './check-kw';
import { GLOBAL_ROOTS } from './global-kw';
import { MissingParameter, type HostView, type Keyword, type ParseCtx, type RootKeyword } from './keyword';
import { ConfReader, type IncludeOpener } from './lexer';
import { defaultGlobal, type ParseResult, type Subsystem } from './types';
import { VRRP_ROOTS } from './vrrp-kw';

export const ROOT_KEYWORDS: readonly RootKeyword[] = [...GLOBAL_ROOTS, ...VRRP_ROOTS, ...CHECK_ROOTS];

class Parser {
  /** skip_sublevel: 0 not skipping, -1 waiting for the `{` of a block to skip, n > 0 depth inside it. */
  private skip = 0;
  private blockSkipped = false;
  private level = 0;

  constructor(
    private readonly ctx: ParseCtx,
    private readonly active: (k: RootKeyword) => boolean,
  ) {}

  /** process_stream; returns false when EOF was reached. */
  stream(keywords: readonly Keyword[], needBob: boolean): void {
    const ctx = this.ctx;
    for (;;) {
      const l = ctx.reader.next();
      if (!l) return;
      const w = l.words;
      const word = w[0];
      if (this.skip === -1) {
        if (word === '{') {
          this.skip = 1;
          continue;
        }
        this.skip = 0;
      }
      if (this.skip > 0) {
        for (const t of w) {
          if (t === '{') this.skip++;
          else if (t === '}' && --this.skip === 0) break;
        }
        continue;
      }
      if (needBob) {
        needBob = false;
        if (word === '{' && this.level > 0) continue;
        ctx.log("Missing '{' at beginning of configuration block");
      } else if (word === '{') {
        ctx.log("Unexpected '{' - ignoring");
        continue;
      }
      if (word === '}' && this.level > 0) return;
      const k = keywords.find((x) => x.name === word);
      if (!k) {
        ctx.log(`Unknown keyword '${word}'`);
        continue;
      }
      if (this.level === 0 && !this.active(k as RootKeyword)) {
        this.skip = w[w.length - 1] === '{' ? 1 : -1;
        continue;
      }
      this.blockSkipped = false;
      k.handler?.(ctx, w);
      if (this.blockSkipped) {
        this.blockSkipped = false;
        this.skip = -1;
        continue;
      }
      if (k.sub) {
        this.level++;
        this.stream(k.sub, true);
        this.level--;
        k.close?.(ctx);
      }
    }
  }

  skipBlock(): void {
    this.blockSkipped = true;
  }

  /** Left open at the end of the file (read_conf_file). */
  get openSkips(): number {
    return this.skip > 0 ? this.skip : 0;
  }
}

export interface ParseOptions {
  subsystem: Subsystem;
  host: HostView;
  /** File name for messages; default /etc/keepalived/keepalived.conf. */
  file?: string;
  include?: IncludeOpener;
}

/**
 * Parse keepalived.conf as one keepalived process does: the parent
 * (global_defs only), the VRRP child or the checker child.
 */
export function parseKeepalivedConf(text: string, opts: ParseOptions): ParseResult {
  const messages: string[] = [];
  const log = (m: string) => messages.push(m);
  const reader = new ConfReader(text, opts.file ?? '/etc/keepalived/keepalived.conf', log, opts.include);
  const conf = { global: defaultGlobal(), vrrp: [], virtualServers: [] };
  let parser: Parser;
  const ctx: ParseCtx = {
    subsystem: opts.subsystem,
    conf,
    host: opts.host,
    reader,
    log,
    arg(words, i) {
      const w = words[i];
      if (w !== undefined) return w;
      if (i > 0) log(`*** Configuration line starting \`${words[0]}\` is missing a parameter after keyword \`${words[i - 1]}\` at word position ${i + 1}`);
      else log(`*** Configuration line starting \`${words[0] ?? '***MISSING ***'}\` is missing a parameter at word position ${i + 1}`);
      throw new MissingParameter();
    },
    skipBlock: () => parser.skipBlock(),
    missingInterface: false,
    vrrp: null,
    vs: null,
    rs: null,
    checker: null,
    url: null,
  };
  parser = new Parser(ctx, (k) => k.sys === 'global' || opts.subsystem === 'all' || k.sys === opts.subsystem);
  let fatal = false;
  try {
    parser.stream(ROOT_KEYWORDS, false);
    if (parser.openSkips) log(`WARNING - ${parser.openSkips} missing '}'(s) in the config file(s)`);
  } catch (e) {
    if (!(e instanceof MissingParameter)) throw e;
    fatal = true;
  }
  return { conf, messages, fatal, missingInterface: ctx.missingInterface };
}
