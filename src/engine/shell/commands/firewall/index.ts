/** Firewall commands (iptables, iptables-save, conntrack): each file registers itself. */
import './iptables';
import './iptables-save';
import './conntrack';
