/**
 * Sharing a lab outside the app: share links (link.ts, with their formats and
 * upgrades in migrate.ts), embed mode and its postMessage API (embed.ts,
 * embed-protocol.ts), and the capture archive (zip.ts). Pure TypeScript, no DOM:
 * the UI calls these and does the clipboard, the download and the postMessage.
 * docs/embed.md documents the link format, the embed parameters and the API.
 */
export { decodeShareLink, encodeShareLink, hasShareLink, labValue, shareUrl, LAB_PARAM, MAX_LINK_CHARS, type DecodedLink, type ShareOptions } from './link';
export { CURRENT_LINK_FORMAT, LINK_LIMITS } from './migrate';
export * from './embed';
export { zipCaptures, captureFileName, type ZipCapturesOptions } from './zip';
