/** Socket tables: netstat (net-tools) and ss (iproute). */
import './netstat';
import './ss';
