/** Loaded after the first paint: motion's DOM animation features (LazyMotion). */
export { domAnimation as default } from 'motion/react';
