/** coreutils commands: each file registers itself. */
export {};
