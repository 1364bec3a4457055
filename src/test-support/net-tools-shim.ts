/**
 * Test support: until net-tools' `route` command exists, a stand-in that
 * understands exactly the boot lines presets/internet.ts writes
 * (`route add -net N netmask M gw G`). Inert once the real command is
 * registered (the real one is imported first and wins). Delete with it.
 */
import '../engine/shell/commands';
import { COMMANDS, register } from '../engine/shell/registry';
import { sync } from '../engine/shell/command';
import type { IpStack } from '../engine/net/ip/stack';
import { maskToPrefix, parseIpv4 } from '../engine/wire/addr';

if (!COMMANDS.has('route')) {
  register('route', {
    pkg: 'net-tools',
    run: sync((ctx) => {
      const m = /^add -net (\S+) netmask (\S+) gw (\S+)$/.exec(ctx.argv.slice(1).join(' '));
      if (!m) {
        ctx.err('route: only `route add -net N netmask M gw G` in this test stand-in\n');
        return 1;
      }
      const stack = ctx.host.stack as IpStack;
      const gw = parseIpv4(m[3])!;
      const dev = stack.routeOutput(gw)!.dev;
      stack.addRoute({ table: 'main', type: 'unicast', dst: parseIpv4(m[1])!, prefixLen: maskToPrefix(parseIpv4(m[2])!)!, gateway: gw, dev, proto: 'boot', scope: 'global', prefsrc: 0, metric: 0 });
      return 0;
    }),
  });
}
