/** Editors: vi and vim (the web terminal intercepts them and opens its editor). */
import './vi';
