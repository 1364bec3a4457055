/** keepalived (the `keepalived` package) and its daemon (engine/ha). */
import '../../../ha';
import './keepalived';
