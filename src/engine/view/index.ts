/** Serialisable views of engine state for the UI (sent by the Web Worker). */
export * from './types';
export { frameInfo } from './frame-info';
export { rolesOf, type RoleSources } from './roles';
export { routeRows } from './route-rows';
export { snapshotLinks, snapshotNode } from './snapshot';
