/** Every scheduler of the Linux kernel's IPVS; each module registers itself (see ./index). */
import './rr';
import './wrr';
import './lc';
import './wlc';
import './sed';
import './nq';
import './dh';
import './sh';
import './lblc';
import './lblcr';
import './fo';
import './ovf';
import './mh';
