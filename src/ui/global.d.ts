import type { LvslabTestHooks } from './testhooks-types';

declare global {
  interface Window {
    /** Test hooks (see testhooks-types.ts); only with `?testhooks=1` or in dev builds. */
    __lvslab?: LvslabTestHooks;
  }
}
