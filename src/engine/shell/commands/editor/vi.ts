import { sync } from '../../command';
import { register } from '../../registry';

/**
 * vi / vim. The CLI has no screen to edit on, so they say how to write a file
 * there instead; the web terminal opens its own editor before the line ever
 * reaches the shell (src/ui/terminal).
 */
const vi = sync((ctx) => {
  ctx.err(`${ctx.argv[0]}: interactive editor not available in the CLI; use cat > FILE <<EOF\n`);
  return 1;
});

register(['vi', 'vim'], { run: vi, summary: 'edit a file (in the web terminal; the CLI uses cat > FILE <<EOF)' });
