import { useEffect } from 'react';
import { Icon } from '../../components/Icon';
import { useAppStore } from '../../store/app-store';

/** A short message after an action ("Copied", "Demo server running at ..."). Errors stay longer. */
export function NoticeToast() {
  const notice = useAppStore((s) => s.notice);
  const clear = useAppStore((s) => s.clearNotice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => clear(notice.id), notice.tone === 'error' ? 10_000 : 4_000);
    return () => clearTimeout(timer);
  }, [notice, clear]);
  if (!notice) return null;
  return (
    <div className={`toast toast-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} aria-label={notice.tone === 'error' ? undefined : 'Notification'}>
      <span>{notice.text}</span>
      <button type="button" className="icon-btn" aria-label="Dismiss notification" onClick={() => clear(notice.id)}>
        <Icon name="close" size={12} />
      </button>
    </div>
  );
}
