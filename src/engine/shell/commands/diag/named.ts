/**
 * `named` (BIND 9.9, package `bind`): read /etc/named.conf, load the zones,
 * and run in the background as the `named` process. `-c FILE` picks another
 * configuration; `-u USER`, `-4`, `-f`/`-g` (stay in the foreground) are
 * accepted — here it always detaches, like the systemd unit's `named -u named`.
 */
import { startNamed, NAMED_CONF } from '../../../apps/dns/named';
import { register } from '../../registry';
import { sync } from '../../command';
import { getopt } from './getopt';

register('named', {
  pkg: 'bind',
  summary: 'Internet domain name server',
  run: sync((ctx) => {
    const g = getopt(ctx.argv.slice(1), '46c:d:E:fgi:lm:n:p:sS:t:T:U:u:vVx:');
    if (g.error) {
      ctx.err(`named: ${g.error}\nusage: named [-4|-6] [-c conffile] [-d debuglevel] [-E engine] [-f|-g]\n             [-n number_of_cpus] [-p port] [-s] [-t chrootdir] [-u username]\n             [-m {usage|trace|record|size|mctx}]\n`);
      return 1;
    }
    let conf = NAMED_CONF;
    for (const { opt, arg } of g.opts) {
      if (opt === 'c' && arg) conf = arg;
      if (opt === 'v') {
        ctx.out('BIND 9.9.4-RedHat-9.9.4-61.el7 (Extended Support Version)\n');
        return 0;
      }
    }
    const r = startNamed(ctx.host, conf, ['/usr/sbin/named', ...ctx.argv.slice(1)].join(' '));
    for (const e of r.errors) ctx.err(`${e}\n`);
    return r.server ? 0 : 1;
  }),
});
