import type { JsonValue } from '@bufbuild/protobuf';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { err, ok, type Result } from '../../../shared/result';

/**
 * JSON.parse, but a syntax error says where: line and column (1-based) and what was expected.
 * V8's own messages often omit the position, so jsonc-parser (strict: no comments, no trailing
 * commas) locates it.
 */
export function parseJsonText(text: string): Result<JsonValue> {
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
