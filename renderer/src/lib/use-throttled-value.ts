import { useEffect, useRef, useState } from 'react';

/**
 * The value, updated at most once per `intervalMs` (the latest value always lands). A list
 * fed 60 batches a second only needs to redraw a few times a second to look live.
 */
export function useThrottledValue<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const lastUpdate = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = lastUpdate.current + intervalMs - performance.now();
    if (wait <= 0) {
      lastUpdate.current = performance.now();
      setShown(value);
      return;
    }
    const timer = setTimeout(() => {
      lastUpdate.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs]);
  return shown;
}
