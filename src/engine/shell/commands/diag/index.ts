/** Diagnostics and name service commands: each file registers itself. */
import './ping';
import './named';
import './bind-utils';
