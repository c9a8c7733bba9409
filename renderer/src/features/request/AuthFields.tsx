import type { RequestAuth } from '../../../../shared/request-document';
import { useAppStore } from '../../store/app-store';
import type { RequestTab } from '../../store/request-tab';

const AUTH_LABELS: Record<RequestAuth['kind'], string> = { none: 'None', bearer: 'Bearer token', basic: 'Basic', api_key: 'API key' };

function authOfKind(kind: RequestAuth['kind'], current: RequestAuth): RequestAuth {
  if (kind === current.kind) return current;
  switch (kind) {
    case 'none':
      return { kind: 'none' };
    case 'bearer':
      return { kind: 'bearer', token: '' };
    case 'basic':
      return { kind: 'basic', username: '', password: '' };
    case 'api_key':
      return { kind: 'api_key', header: 'x-api-key', key: '' };
  }
}

function Field({ label, value, secret = false, onChange }: { label: string; value: string; secret?: boolean; onChange: (value: string) => void }) {
  return (
    <label className="auth-field">
      <span className="field-label">{label}</span>
      <input
        className="input input-small mono"
        aria-label={label}
        type={secret && !value.includes('{{') ? 'password' : 'text'}
        autoComplete="off"
        spellCheck={false}
        placeholder={secret ? '{{secret variable}} or a value' : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/**
 * How the call authenticates, sent as metadata (authorization or an API key header) after
 * variables resolve, so a token can be a secret variable that never reaches the collection.
 */
export function AuthFields({ tab }: { tab: RequestTab }) {
  const updateTab = useAppStore((s) => s.updateTab);
  const { auth } = tab;
  const set = (next: RequestAuth) => updateTab(tab.id, { auth: next });
  const plaintext = auth.kind !== 'none' && !tab.connection.tls.enabled;

  return (
    <div className="auth-fields">
      <label className="auth-field">
        <span className="field-label">Auth</span>
        <select className="select input-small" aria-label="Auth" value={auth.kind} onChange={(e) => set(authOfKind(e.target.value as RequestAuth['kind'], auth))}>
          {(Object.keys(AUTH_LABELS) as RequestAuth['kind'][]).map((kind) => (
            <option key={kind} value={kind}>{AUTH_LABELS[kind]}</option>
          ))}
        </select>
      </label>
      {auth.kind === 'bearer' ? <Field label="Token" secret value={auth.token} onChange={(token) => set({ ...auth, token })} /> : null}
      {auth.kind === 'basic' ? (
        <>
          <Field label="Username" value={auth.username} onChange={(username) => set({ ...auth, username })} />
          <Field label="Password" secret value={auth.password} onChange={(password) => set({ ...auth, password })} />
        </>
      ) : null}
      {auth.kind === 'api_key' ? (
        <>
          <Field label="Header name" value={auth.header} onChange={(header) => set({ ...auth, header })} />
          <Field label="Key" secret value={auth.key} onChange={(key) => set({ ...auth, key })} />
        </>
      ) : null}
      {plaintext ? (
        <p className="inline-warning auth-warning" role="status">
          This credential is sent over plaintext (TLS is off): anyone on the network path can read it.
        </p>
      ) : null}
    </div>
  );
}
