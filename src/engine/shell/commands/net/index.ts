/** net commands: each file registers itself. */
export {};
