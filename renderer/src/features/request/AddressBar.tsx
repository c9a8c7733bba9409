import { useAppStore } from '../../store/app-store';
import type { SettingsOwner } from '../../store/requests-slice';
import { connectionOf } from '../../store/requests-slice';
import { Icon } from '../../components/Icon';
import type { ReactNode } from 'react';
import { HealthCheckButton, HealthRow } from '../health/HealthControls';

interface AddressBarProps {
  owner: SettingsOwner;
  /** Extra controls on the right (deadline, call buttons) for a request tab. */
  children?: ReactNode;
  /** Client and bidi streams show two more call buttons: labels collapse sooner. */
  manyActions?: boolean;
  settingsOpen: boolean;
  onToggleSettings: () => void;
}

/** Server address, TLS switch and the Connection settings toggle, for a tab or for the defaults. */
export function AddressBar({ owner, children, settingsOpen, onToggleSettings, manyActions }: AddressBarProps) {
  const target = useAppStore((s) => connectionOf(s, owner).target);
  const tls = useAppStore((s) => connectionOf(s, owner).tls.enabled);
  const updateConnection = useAppStore((s) => s.updateConnection);
  const settingsId = owner === 'defaults' ? 'connection-settings-defaults' : `connection-settings-${owner.tabId}`;

  return (
    <div className={manyActions ? 'address-bar-host many-actions' : 'address-bar-host'}>
      <div className="address-bar">
        <label className="address-field">
          <span className="visually-hidden">Server address</span>
          <input
            type="text"
            className="input mono address-input"
            aria-label="Server address"
            placeholder="host:port — e.g. localhost:50051, dns:///api.example.com:443, unix:///tmp/grpc.sock"
            spellCheck={false}
            autoComplete="off"
            value={target}
            onChange={(e) => updateConnection(owner, (c) => ({ ...c, target: e.target.value }))}
          />
        </label>
        <label className="check" title="Connect with TLS (https). Off = plaintext (h2c).">
          <input type="checkbox" checked={tls} onChange={(e) => updateConnection(owner, (c) => ({ ...c, tls: { ...c.tls, enabled: e.target.checked } }))} />
          Use TLS
        </label>
        <HealthCheckButton owner={owner} />
        <button
          type="button"
          className={settingsOpen ? 'btn btn-ghost pressed' : 'btn btn-ghost'}
          aria-expanded={settingsOpen}
          aria-controls={settingsId}
          onClick={onToggleSettings}
          title="Keepalive, message size, load balancing and compression"
          aria-label="Connection settings"
        >
          <Icon name="gear" />
          <span className="collapsible-label">Connection settings</span>
        </button>
        {children}
      </div>
      <HealthRow owner={owner} />
    </div>
  );
}
