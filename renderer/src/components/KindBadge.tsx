import type { MethodKind } from '../../../shared/catalog';
import { METHOD_KIND_BADGE, METHOD_KIND_LABEL } from '../lib/method-kind';

/** U / SS / CS / BI. Decorative: the kind is told to assistive tech by the owning element. */
export function KindBadge({ kind }: { kind: MethodKind }) {
  return (
    <span className={`kind-badge kind-${kind}`} aria-hidden="true" title={METHOD_KIND_LABEL[kind]}>
      {METHOD_KIND_BADGE[kind]}
    </span>
  );
}
