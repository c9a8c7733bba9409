import type { JsonValue } from '@bufbuild/protobuf';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { err, ok, type Result } from '../../../shared/result';

/**
 * How deeply request JSON may nest, counting objects and arrays, the outermost included:
 * protobuf's default recursion limit, 100 (protobuf-es' fromJson refuses deeper messages with
 * it anyway). Checked on the text first, because the recursive steps after JSON.parse (exact
 * integers, the error locator, fromJson) overflowed the stack on 10,000 levels.
 */
export const MAX_JSON_NESTING = 100;

/**
 * JSON.parse, but a syntax error says where: line and column (1-based) and what was expected.
 * V8's own messages often omit the position, so jsonc-parser (strict: no comments, no trailing
 * commas) locates it. Text nested deeper than MAX_JSON_NESTING is refused first.
 */
export function parseJsonText(text: string): Result<JsonValue> {
  const tooDeep = nestingProblem(text);
  if (tooDeep) return tooDeep;
  try {
    return ok(JSON.parse(text) as JsonValue);
  } catch (error) {
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const v8Position = /at position (\d+)/.exec((error as Error).message)?.[1];
    const offset = first?.offset ?? (v8Position !== undefined ? Number(v8Position) : text.length);
    const { line, column } = lineAndColumn(text, offset);
    const what = first ? describeSyntaxError(printParseErrorCode(first.error)) : (error as Error).message;
    return err('BAD_JSON', `The request is not valid JSON: ${what} at line ${line}, column ${column}.`, {
      path: '',
      line,
      column,
      offset,
    });
  }
}

/**
 * The first bracket that opens level MAX_JSON_NESTING + 1, found by one pass over the text
 * (strings skipped), so it works on any text, valid or not, without recursion.
 */
function nestingProblem(text: string): Result<never> | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_NESTING) {
        const { line, column } = lineAndColumn(text, i);
        return err(
          'BAD_JSON',
          `The request JSON is nested deeper than ${MAX_JSON_NESTING} levels; protobuf JSON allows at most ${MAX_JSON_NESTING} levels of nesting. ` +
            `Level ${MAX_JSON_NESTING + 1} opens at line ${line}, column ${column}.`,
          { path: '', line, column, offset: i, maxNesting: MAX_JSON_NESTING },
        );
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return null;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

const SYNTAX_ERRORS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected text after the JSON value',
  InvalidCommentToken: 'comments are not allowed',
  UnexpectedEndOfComment: 'comments are not allowed',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'incomplete number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

function describeSyntaxError(code: string): string {
  return SYNTAX_ERRORS[code] ?? code;
}
