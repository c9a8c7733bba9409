import type { GoawayInfo } from '../../../../shared/connection';

/** The last GOAWAY: code name and number, the server's debug data, its last stream id, and the calls it ended. */
export function GoawayDetails({ goaway }: { goaway: GoawayInfo }) {
  const more = goaway.endedCallsTotal - goaway.endedCalls.length;
  return (
    <>
      <span>
        {`${goaway.errorName} (${goaway.errorCode})${goaway.debugData ? ` “${goaway.debugData}”` : ''} at ${new Date(goaway.at).toLocaleTimeString()} · last stream ${goaway.lastStreamId}`}
      </span>
      {goaway.endedCallsTotal > 0 ? (
        <>
          <div className="muted">Calls it ended:</div>
          <ul aria-label="Calls the GOAWAY ended" className="goaway-ended-calls">
            {goaway.endedCalls.map((call) => (
              <li key={call.callId} title={`Call ${call.callId}, ended at ${new Date(call.at).toLocaleTimeString()}`}>
                {call.method} <span className="muted">({call.callId.slice(0, 8)})</span>
              </li>
            ))}
            {more > 0 ? <li className="muted">and {more} more</li> : null}
          </ul>
        </>
      ) : (
        <div className="muted">Ended no call</div>
      )}
    </>
  );
}
