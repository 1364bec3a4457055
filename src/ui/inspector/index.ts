/** The inspector panel: reads the selection store (selected nodes, cable, or packet) and shows it. */
export { Inspector } from './Inspector';
