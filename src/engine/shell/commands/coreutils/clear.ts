import { sync } from '../../command';
import { register } from '../../registry';

/** clear(1) (ncurses, TERM=xterm): cursor home, erase display. */
register('clear', { run: sync((ctx) => (ctx.out('\x1b[H\x1b[2J'), 0)), summary: 'clear the terminal screen' });
