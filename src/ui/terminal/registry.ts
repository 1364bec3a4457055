/**
 * The terminals on screen, by host, for the test hooks (`__lvslab.terminalText`):
 * kept out of the lazily loaded xterm code so the main bundle can read them.
 */
export const mountedTerminals = new Map<string, { text(): string }>();
