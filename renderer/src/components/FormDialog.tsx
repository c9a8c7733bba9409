import type { ReactNode } from 'react';
import { useState } from 'react';
import { Icon } from './Icon';
import { ModalDialog } from './ModalDialog';

interface FormDialogProps {
  label: string;
  submitLabel: string;
  onClose: () => void;
  /** Resolves to an error message to show (the dialog stays open), or null when done. */
  onSubmit: () => Promise<string | null>;
  children: ReactNode;
  initialFocusSelector?: string;
  submitDisabled?: boolean;
  /** Shown left of the submit button. */
  footer?: ReactNode;
  danger?: boolean;
}

/** A modal form: fields, one submit button, and the error of the last attempt as an alert. */
export function FormDialog({ label, submitLabel, onClose, onSubmit, children, initialFocusSelector, submitDisabled, footer, danger }: FormDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    const problem = await onSubmit();
    setBusy(false);
    if (problem !== null) setError(problem);
  };
  return (
    <ModalDialog label={label} onClose={onClose} className="form-dialog" initialFocusSelector={initialFocusSelector}>
      <form
        className="form-dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy && !submitDisabled) void submit();
        }}
      >
        <header className="modal-header">
          <h2>{label}</h2>
          <button type="button" className="icon-btn" aria-label="Close" onClick={onClose}>
            <Icon name="close" />
          </button>
        </header>
        <div className="modal-body">
          {children}
          {error !== null ? (
            <div role="alert" className="alert alert-error">
              <Icon name="warning" className="alert-icon" />
              <div className="alert-body">
                <p className="alert-message">{error}</p>
              </div>
            </div>
          ) : null}
        </div>
        <footer className="modal-footer">
          {footer}
          <span className="toolbar-spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={busy || submitDisabled}>
            {submitLabel}
          </button>
        </footer>
      </form>
    </ModalDialog>
  );
}

/** A labelled text field for FormDialog. */
export function TextField(props: { id: string; label: string; value: string; onChange: (value: string) => void; hint?: string; placeholder?: string; type?: 'text' | 'password'; after?: ReactNode }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={props.id}>
        {props.label}
      </label>
      <div className={props.after ? 'input-with-button' : undefined}>
        <input
          id={props.id}
          type={props.type ?? 'text'}
          className="input"
          value={props.value}
          placeholder={props.placeholder}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => props.onChange(e.target.value)}
        />
        {props.after}
      </div>
      {props.hint ? <span className="field-hint">{props.hint}</span> : null}
    </div>
  );
}
