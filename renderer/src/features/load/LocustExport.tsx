import { exportLocustFile, locustFileName } from '../../services/locust-export-action';
import { useAppStore } from '../../store/app-store';

/**
 * Export as Locust file, and the command lines that run it: one machine, or a master and
 * workers on as many machines as the load needs (Locust is the distributed engine).
 */
export function LocustExport({ tabId, unary, note }: { tabId: string; unary: boolean; note: string | null }) {
  const method = useAppStore((s) => s.tabs.find((t) => t.id === tabId)?.method.method ?? 'request');
  const file = locustFileName(method);
  const commands = [
    `locust -f ${file} --headless -u 50 -r 50 -t 30s                # one machine`,
    `locust -f ${file} --master --expect-workers 2                  # on the master`,
    `locust -f ${file} --worker --master-host MASTER_HOST           # on each worker`,
  ];
  return (
    <div className="locust-export">
      <button
        type="button"
        className="btn btn-ghost"
        disabled={!unary}
        onClick={() => void exportLocustFile(tabId)}
        title={unary ? 'A locustfile that sends the bytes this request encodes to, through python3-grpcio' : 'Locust files repeat unary calls only'}
      >
        Export as Locust file
      </button>
      <span role="status" aria-label="Locust export" className="locust-note">
        {note ?? (unary ? 'Needs python3-grpcio and locust on every machine; GRPC_TARGET overrides the address.' : 'Locust files repeat unary calls only.')}
      </span>
      {unary && (
        <pre className="locust-commands mono" aria-label="Locust commands">
          {commands.join('\n')}
        </pre>
      )}
    </div>
  );
}
