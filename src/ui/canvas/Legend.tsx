import { useT } from '../i18n';
import { usePackets } from '../state/packets';

export const KINDS = [
  { kind: 'arp', label: 'ARP' },
  { kind: 'icmp', label: 'ICMP' },
  { kind: 'tcp', label: 'TCP' },
  { kind: 'udp', label: 'UDP / DNS' },
  { kind: 'vrrp', label: 'VRRP' },
  { kind: 'ipip', label: 'IP-in-IP' },
] as const;

/** What the envelope colours mean, with how many of each have crossed a cable. */
export function Legend() {
  const kinds = usePackets((s) => s.kinds);
  const t = useT();
  return (
    <ul className="legend" aria-label={t('canvas.legend')} data-testid="legend">
      {KINDS.map(({ kind, label }) => {
        const n = (kinds[kind] ?? 0) + (kind === 'udp' ? (kinds.dns ?? 0) : 0);
        return (
          <li key={kind} data-kind={kind} data-count={n}>
            <span className={`swatch env-${kind}`} aria-hidden="true" />
            {label}
            {n > 0 && <span className="legend-count">{n}</span>}
          </li>
        );
      })}
    </ul>
  );
}
