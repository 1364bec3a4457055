import type { RoleBadge } from '../../engine/view/types';
import { useT } from '../i18n';

export function RoleBadges({ roles }: { roles: RoleBadge[] }) {
  const t = useT();
  if (!roles.length) return null;
  return (
    <div className="badges">
      {roles.map((r) => (
        <span key={r} className={`badge badge-${r.toLowerCase()}`} title={t(`role.${r}`)} data-testid="role-badge">
          {r}
        </span>
      ))}
    </div>
  );
}
