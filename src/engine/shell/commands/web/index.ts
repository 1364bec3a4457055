/** Web clients. */
import './curl';
