import type { CallOutcome, CaptureResult, VariableCapture } from './checks';
import type { VariableDefinition } from './collection';
import { lookupJsonPath, parseJsonPath } from './json-path';

/**
 * Captures: values of a response copied into variables for the next request. Pure, so the app
 * (which writes them into the active environment) and the headless runner (which keeps them
 * for the rest of its run) read a response the same way.
 */

/** Where a capture reads from, in words: `$.token of message 1`, `header x-request-id`. */
export function captureSourceLabel(capture: VariableCapture): string {
  if (capture.from !== 'message') return `${capture.from} ${capture.name}`;
  const index = capture.messageIndex ?? 0;
  return `${capture.path} of ${index === -1 ? 'the last message' : `message ${index + 1}`}`;
}

/** The names the Environments dialog accepts. */
const VARIABLE_NAME = /^[\w-][\w.-]*$/;

/** A captured JSON value as a variable's text: strings as they are, anything else as JSON. */
function variableText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function extractOne(capture: VariableCapture, outcome: CallOutcome): CaptureResult {
  const variable = capture.variable;
  if (variable.trim() === '') return { variable, ok: false, message: `Capture from ${captureSourceLabel(capture)} has no variable name: enter the variable to set.` };
  if (!VARIABLE_NAME.test(variable.trim())) return { variable, ok: false, message: `"${variable}" cannot be a variable name: use letters, digits, "_", "-" and "." (not starting with $).` };
  if (capture.from !== 'message') {
    const entries = capture.from === 'header' ? outcome.headers : outcome.trailers;
    const found = entries.find((e) => e.key.toLowerCase() === capture.name.trim().toLowerCase());
    if (found === undefined) return { variable, ok: false, message: `{{${variable}}} not captured: no ${capture.from} ${capture.name} was received.` };
    return { variable, ok: true, value: found.value };
  }
  const path = parseJsonPath(capture.path);
  if (!path.ok) return { variable, ok: false, message: `{{${variable}}} not captured: ${path.message}` };
  const count = outcome.messages.length;
  const wanted = capture.messageIndex ?? 0;
  const index = wanted < 0 ? count + wanted : wanted;
  if (index < 0 || index >= count) {
    return { variable, ok: false, message: `{{${variable}}} not captured: there is no ${wanted === -1 ? 'last message' : `message ${wanted + 1}`} (${count} received).` };
  }
  const found = lookupJsonPath(outcome.messages[index], path.segments);
  if (!found.found) return { variable, ok: false, message: `{{${variable}}} not captured: ${capture.path} does not exist in message ${index + 1}.` };
  return { variable, ok: true, value: variableText(found.value) };
}

/** One result per capture, in order: the value read, or why there is none. */
export function extractCaptures(captures: readonly VariableCapture[], outcome: CallOutcome): CaptureResult[] {
  return captures.map((capture) => extractOne(capture, outcome));
}

export interface CapturedEnvironment {
  /** The environment's definitions with the captured values: a plain variable holds its value; a secret one only its name. */
  variables: VariableDefinition[];
  /** Values of secret variables: they go to the keychain (the app) or stay in memory (the runner), never into a file. */
  secretValues: { name: string; value: string }[];
}

/**
 * The environment after captures: an existing variable takes the captured value, a new one is
 * added. A variable that is secret (in the environment, or in the collection when the
 * environment does not define it) stays secret: its value is returned apart, never in `variables`.
 */
export function environmentWithCaptures(
  environment: readonly VariableDefinition[],
  collection: readonly VariableDefinition[],
  captured: readonly { variable: string; value: string }[],
): CapturedEnvironment {
  const variables = environment.map((v) => ({ ...v }));
  const secretValues: { name: string; value: string }[] = [];
  for (const { variable, value } of captured) {
    const name = variable.trim();
    const existing = variables.find((v) => v.name === name);
    const secret = existing?.secret ?? collection.find((v) => v.name === name)?.secret ?? false;
    if (secret) {
      if (!existing) variables.push({ name, value: '', secret: true });
      const known = secretValues.find((s) => s.name === name);
      if (known) known.value = value;
      else secretValues.push({ name, value });
    } else if (existing) {
      existing.value = value;
    } else {
      variables.push({ name, value, secret: false });
    }
  }
  return { variables, secretValues };
}
