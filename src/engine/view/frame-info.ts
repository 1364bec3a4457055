import { MAC_BROADCAST, readMac } from '../wire/addr';
import { frameKind, summarizeFrame, tcpFlagsLabel } from '../wire/summary';
import type { FrameInfo } from './types';

/** Colour, TCP flags and the tcpdump line of a frame, for an envelope. Never throws. */
export function frameInfo(frame: Uint8Array): FrameInfo {
  const kind = frameKind(frame);
  const flags = kind === 'tcp' || kind === 'ipip' ? tcpFlagsLabel(frame) : undefined;
  return {
    kind,
    ...(flags ? { tcpFlags: flags } : {}),
    summary: summarizeFrame(frame),
    broadcast: frame.length >= 6 && readMac(frame, 0) === MAC_BROADCAST,
  };
}
