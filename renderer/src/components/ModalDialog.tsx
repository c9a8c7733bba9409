import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';

interface ModalDialogProps {
  label: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  /** Element to focus when the dialog opens (defaults to the first focusable one). */
  initialFocusSelector?: string;
}

/**
 * A modal on the native <dialog>: showModal() makes the rest of the page inert (so focus
 * stays inside), Escape closes, and focus returns where it was.
 */
export function ModalDialog({ label, onClose, children, className, initialFocusSelector }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const target = initialFocusSelector ? dialog.querySelector<HTMLElement>(initialFocusSelector) : null;
    target?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault(); // close through React state, not behind its back
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (previous?.isConnected) previous.focus();
    };
  }, [initialFocusSelector]);

  return (
    <dialog ref={ref} aria-label={label} className={className ? `modal ${className}` : 'modal'} onKeyDown={trapTab}>
      {children}
    </dialog>
  );
}

/** Keep Tab cycling inside the dialog instead of escaping to the browser's toolbar. */
function trapTab(event: React.KeyboardEvent<HTMLDialogElement>): void {
  if (event.key !== 'Tab') return;
  const focusables = [...event.currentTarget.querySelectorAll<HTMLElement>('button, input, textarea, select, [tabindex]:not([tabindex="-1"])')].filter(
    (el) => !el.hasAttribute('disabled') && el.offsetParent !== null,
  );
  const first = focusables[0];
  const last = focusables.at(-1);
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
