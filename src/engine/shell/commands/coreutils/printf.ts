import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';

const ESC: Record<string, string> = { '\\': '\\', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', "'": "'" };

/** Backslash escapes of a printf format (and of %b arguments). Returns the text and whether `\c` stopped output. */
function unescape(s: string, forB: boolean): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\' || i + 1 >= s.length) {
      out += s[i];
      continue;
    }
    const c = s[++i];
    if (c in ESC) out += ESC[c];
    else if (c === 'c' && forB) return { text: out, stop: true };
    else if (c === 'x' && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(m, 16));
      i += m.length;
    } else if (/[0-7]/.test(c) || (forB && c === '0')) {
      const m = /^[0-7]{1,3}/.exec(s.slice(forB && c === '0' ? i + 1 : i))?.[0] ?? '';
      out += String.fromCharCode(parseInt(m || '0', 8));
      i += m.length - (forB && c === '0' ? 0 : 1);
    } else out += '\\' + c;
  }
  return { text: out, stop: false };
}

/**
 * bash's printf builtin: %s %b %c %d %i %u %o %x %X %f %e %g %% with flags,
 * width and precision (`*` too); the format is reused while arguments remain.
 */
function printf(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  if (args[0] === '-v') {
    ctx.err('-bash: printf: -v: assigning to a variable is not supported in lvslab\n');
    return 1;
  }
  if (args[0] === '--') args.shift();
  if (!args.length) {
    ctx.err('printf: usage: printf [-v var] format [arguments]\n');
    return 2;
  }
  const fmt = args[0];
  const rest = args.slice(1);
  let ai = 0;
  let status = 0;
  const next = (): string | undefined => (ai < rest.length ? rest[ai++] : undefined);
  const num = (a: string | undefined): number => {
    if (a === undefined || a === '') return 0;
    if (/^['"]/.test(a)) return a.codePointAt(1) ?? 0;
    if (/^[+-]?0x[0-9a-f]+$/i.test(a)) return parseInt(a, 16);
    if (/^[+-]?0[0-7]+$/.test(a)) return parseInt(a, 8);
    if (/^[+-]?\d+$/.test(a)) return Number(a);
    ctx.err(`-bash: printf: ${a}: invalid number\n`);
    status = 1;
    const m = /^[+-]?\d+/.exec(a);
    return m ? Number(m[0]) : 0;
  };
  let out = '';
  for (;;) {
    const startAi = ai;
    let stop = false;
    const re = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([sbcdiuoxXfFeEgG%])|\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)|[^%\\]+|%|\\/g;
    for (const m of fmt.matchAll(re)) {
      const tok = m[0];
      if (!tok.startsWith('%') || tok === '%') {
        out += tok.startsWith('\\') ? unescape(tok, false).text : tok;
        continue;
      }
      const [, flags, wSpec, pSpec, conv] = m;
      if (conv === '%') {
        out += '%';
        continue;
      }
      const width = wSpec === '*' ? num(next()) : wSpec ? Number(wSpec) : 0;
      const prec = pSpec === '*' ? num(next()) : pSpec !== undefined ? Number(pSpec || '0') : undefined;
      const arg = next();
      let body: string;
      switch (conv) {
        case 's':
          body = arg ?? '';
          if (prec !== undefined) body = body.slice(0, prec);
          break;
        case 'b': {
          const u = unescape(arg ?? '', true);
          body = u.text;
          if (u.stop) stop = true;
          break;
        }
        case 'c':
          body = (arg ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i':
        case 'u': {
          const v = Math.trunc(num(arg));
          body = String(Math.abs(v));
          if (prec !== undefined) body = body.padStart(prec, '0');
          body = (v < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + body;
          break;
        }
        case 'o':
          body = (flags.includes('#') ? '0' : '') + Math.trunc(num(arg)).toString(8);
          break;
        case 'x':
        case 'X': {
          const h = Math.trunc(num(arg)).toString(16);
          body = (flags.includes('#') ? '0x' : '') + (conv === 'X' ? h.toUpperCase() : h);
          break;
        }
        default: {
          const v = arg === undefined ? 0 : Number(arg);
          if (arg !== undefined && Number.isNaN(v)) {
            ctx.err(`-bash: printf: ${arg}: invalid number\n`);
            status = 1;
          }
          const x = Number.isNaN(v) ? 0 : v;
          const p = prec ?? 6;
          body = conv === 'e' || conv === 'E' ? x.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2') : conv === 'g' || conv === 'G' ? String(Number(x.toPrecision(p || 1))) : x.toFixed(p);
          if (conv === 'E' || conv === 'G') body = body.toUpperCase();
          if (x >= 0 && flags.includes('+')) body = '+' + body;
        }
      }
      if (body.length < width) {
        if (flags.includes('-')) body = body.padEnd(width);
        else if (flags.includes('0') && /[diuoxXfFeEgG]/.test(conv)) body = body.startsWith('-') || body.startsWith('+') ? body[0] + body.slice(1).padStart(width - 1, '0') : body.padStart(width, '0');
        else body = body.padStart(width);
      }
      out += body;
      if (stop) break;
    }
    if (stop || ai >= rest.length || ai === startAi) break;
  }
  ctx.out(out);
  return status;
}

register('printf', { run: sync(printf), summary: 'format and print data' });
