import type { RoleBadge } from '../../engine/view/types';

const TITLES: Record<RoleBadge, string> = {
  DIRECTOR: 'LVS director: has IPVS virtual services (ipvsadm -Ln)',
  RS: 'Real server: holds a VIP on lo, hidden from ARP',
  ROUTER: 'Forwards packets between networks (net.ipv4.ip_forward = 1)',
  MASTER: 'keepalived VRRP MASTER: holds the VIP',
  BACKUP: 'keepalived VRRP BACKUP: waits for the master to fail',
  FAULT: 'keepalived VRRP FAULT',
};

export function RoleBadges({ roles }: { roles: RoleBadge[] }) {
  if (!roles.length) return null;
  return (
    <div className="badges">
      {roles.map((r) => (
        <span key={r} className={`badge badge-${r.toLowerCase()}`} title={TITLES[r]} data-testid="role-badge">
          {r}
        </span>
      ))}
    </div>
  );
}
