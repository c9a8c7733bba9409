import type { TlsSettings } from '../../../../shared/connection';
import { Icon } from '../../components/Icon';
import { pickPaths } from '../../services/file-picking';
import { useAppStore } from '../../store/app-store';
import type { SettingsOwner } from '../../store/requests-slice';
import { connectionOf } from '../../store/requests-slice';

type PathKey = 'caPath' | 'certPath' | 'keyPath';

const PATH_FIELDS: { key: PathKey; label: string; placeholder: string }[] = [
  { key: 'caPath', label: 'CA certificate', placeholder: 'PEM CA bundle (empty = system roots)' },
  { key: 'certPath', label: 'Client certificate', placeholder: 'PEM certificate, for mTLS' },
  { key: 'keyPath', label: 'Client key', placeholder: 'PEM private key, for mTLS' },
];

/** The TLS files and options; shown only while Use TLS is on. */
export function TlsFields({ owner }: { owner: SettingsOwner }) {
  const tls = useAppStore((s) => connectionOf(s, owner).tls);
  const updateConnection = useAppStore((s) => s.updateConnection);
  const set = (patch: Partial<TlsSettings>) => updateConnection(owner, (c) => ({ ...c, tls: { ...c.tls, ...patch } }));

  const browse = async (key: PathKey) => {
    const [path] = await pickPaths('pem_file', false);
    if (path) set({ [key]: path });
  };

  return (
    <fieldset className="tls-fields">
      <legend className="visually-hidden">TLS</legend>
      <div className="field-grid">
        {PATH_FIELDS.map((field) => (
          <div className="field" key={field.key}>
            <label className="field-label" htmlFor={`${field.key}-${ownerKey(owner)}`}>
              {field.label}
            </label>
            <div className="input-with-button">
              <input
                id={`${field.key}-${ownerKey(owner)}`}
                type="text"
                className="input mono"
                spellCheck={false}
                placeholder={field.placeholder}
                value={tls[field.key]}
                onChange={(e) => set({ [field.key]: e.target.value })}
              />
              <button type="button" className="btn btn-small" aria-label={`Browse for ${field.label}`} title={`Browse for ${field.label}`} onClick={() => void browse(field.key)}>
                <Icon name="folder" size={14} />
              </button>
            </div>
          </div>
        ))}
        <div className="field">
          <label className="field-label" htmlFor={`sni-${ownerKey(owner)}`}>
            Server name override
          </label>
          <input
            id={`sni-${ownerKey(owner)}`}
            type="text"
            className="input mono"
            spellCheck={false}
            placeholder="TLS server name and :authority (empty = from the address)"
            value={tls.serverNameOverride}
            onChange={(e) => set({ serverNameOverride: e.target.value })}
          />
        </div>
      </div>
      <label className="check">
        <input type="checkbox" checked={tls.skipVerify} onChange={(e) => set({ skipVerify: e.target.checked })} />
        Skip certificate verification
      </label>
      {tls.skipVerify ? (
        <p className="inline-warning">
          <Icon name="warning" size={14} />
          Any server certificate is trusted: the connection is encrypted but not authenticated (like grpcurl -insecure). Use only for testing.
        </p>
      ) : null}
    </fieldset>
  );
}

function ownerKey(owner: SettingsOwner): string {
  return owner === 'defaults' ? 'defaults' : owner.tabId;
}
