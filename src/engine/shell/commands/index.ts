/** Importing this registers every command with the shell (see ../registry.ts). */
export {};
