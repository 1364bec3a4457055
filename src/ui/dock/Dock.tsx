import { CommandLine } from './CommandLine';
import { PacketLog } from './PacketLog';

/** The bottom dock: a host's command line and the log of frames. */
export function Dock() {
  return (
    <div className="dock" data-testid="dock">
      <CommandLine />
      <PacketLog />
    </div>
  );
}
