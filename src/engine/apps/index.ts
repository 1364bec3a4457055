/**
 * The daemons of the labs plug into the service manager here. Importing this
 * module (build.ts does) wires each unit's start function to its program.
 */
import '../os/units';
import { setServiceStart } from '../os/services';
import { startHttpd } from './http/httpd';

setServiceStart('httpd', startHttpd);
