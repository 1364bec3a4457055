/** net commands: each file registers itself. */
import './ifconfig';
import './ip';
import './route';
import './arp';
import './sysctl';
