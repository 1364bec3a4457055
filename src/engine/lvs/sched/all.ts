/** Every kernel scheduler; each module registers itself (written by the schedulers work). */
export {};
