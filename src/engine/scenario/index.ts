/** The scenario document: types, limits, validation, migration and parsing. See docs/scenario.md. */
export * from './types';
export { validateScenario, deriveLinkId, parseIpv4Strict, PATTERNS, PATTERN_SOURCES, type PatternName } from './validate';
export { migrateScenario, MIGRATIONS, type Migration, type MigrateResult } from './migrate';
export { loadScenario, parseScenarioJson } from './parse';
