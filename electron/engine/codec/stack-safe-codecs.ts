import { create, fromBinary, fromJson, toBinary, toJson, type DescMessage } from '@bufbuild/protobuf';

/**
 * The most message types one reference cycle (types that all reach each other through fields)
 * may have. protobuf-es compiles its four codecs (binary and JSON, read and write) on first use,
 * recursing through every message type reachable that is not compiled yet: a chain of 5,000
 * types overflowed the stack ("Maximum call stack size exceeded", and the half-compiled codecs
 * then gave wrong answers). Compiling leaf types first keeps that recursion inside one cycle;
 * measured on Node 20, a cycle of about 1,200 types still overflows, so 500 leaves headroom.
 */
export const MAX_TYPES_IN_CYCLE = 500;

/** Types whose codecs are compiled; their own reachable types are too. */
const prepared = new WeakSet<DescMessage>();
const EMPTY = new Uint8Array(0);

/**
 * Compile protobuf-es' codecs for the message types reachable from `roots`, sinks first, so no
 * compile recurses deeper than one reference cycle. Returns null when done, or a sentence
 * saying which cycle is over the limit (nothing of it is compiled then).
 */
export function prepareMessageCodecs(roots: DescMessage[]): string | null {
  for (const cycle of cyclesSinksFirst(roots)) {
    if (cycle.length > MAX_TYPES_IN_CYCLE) {
      const named = cycle.slice(0, 3).map((d) => d.typeName).join(', ');
      return `${cycle.length} message types reference each other in one cycle (${named}, ...); at most ${MAX_TYPES_IN_CYCLE} types in one cycle can be encoded or decoded.`;
    }
    for (const desc of cycle) compile(desc);
    for (const desc of cycle) prepared.add(desc);
  }
  return null;
}

function compile(desc: DescMessage): void {
  const empty = create(desc);
  const uses = [() => fromBinary(desc, EMPTY), () => toBinary(desc, empty), () => fromJson(desc, {}), () => toJson(desc, empty)];
  for (const use of uses) {
    try {
      use();
    } catch {
      // Compiled all the same: the empty value is just not valid for some well-known types (a Timestamp's JSON is a string).
    }
  }
}

function referencedMessages(desc: DescMessage): DescMessage[] {
  const out = new Set<DescMessage>();
  for (const field of desc.fields) {
    if (field.fieldKind === 'message' || (field.fieldKind === 'list' && field.listKind === 'message') || (field.fieldKind === 'map' && field.mapKind === 'message')) {
      out.add(field.message);
    }
  }
  return [...out];
}

/**
 * The strongly connected components (Tarjan, iterative: the graph may be 5,000 deep) of the
 * not yet prepared types reachable from `roots`; each comes after every component it reaches.
 */
function cyclesSinksFirst(roots: DescMessage[]): DescMessage[][] {
  const index = new Map<DescMessage, number>();
  const low = new Map<DescMessage, number>();
  const onStack = new Set<DescMessage>();
  const stack: DescMessage[] = [];
  const components: DescMessage[][] = [];
  let counter = 0;

  for (const root of roots) {
    if (prepared.has(root) || index.has(root)) continue;
    const work: { desc: DescMessage; children: DescMessage[]; next: number }[] = [];
    const enter = (desc: DescMessage) => {
      index.set(desc, counter);
      low.set(desc, counter);
      counter++;
      stack.push(desc);
      onStack.add(desc);
      work.push({ desc, children: referencedMessages(desc).filter((child) => !prepared.has(child)), next: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const top = work[work.length - 1] as (typeof work)[number];
      const child = top.children[top.next];
      if (child !== undefined) {
        top.next++;
        if (!index.has(child)) enter(child);
        else if (onStack.has(child)) low.set(top.desc, Math.min(low.get(top.desc) as number, index.get(child) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.desc, Math.min(low.get(parent.desc) as number, low.get(top.desc) as number));
      if (low.get(top.desc) !== index.get(top.desc)) continue;
      const component: DescMessage[] = [];
      for (;;) {
        const member = stack.pop() as DescMessage;
        onStack.delete(member);
        component.push(member);
        if (member === top.desc) break;
      }
      components.push(component);
    }
  }
  return components;
}
