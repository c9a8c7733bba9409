// Request JSON a user may type into the editor: broken syntax, wrong types, unknown fields,
// numbers out of range, bad enums and base64, deep nesting, and sheer size.
import type { CorpusCase, CorpusCategory } from '../corpus-kit';

function body(name: string, method: string, json: string, messageRe: RegExp, defect?: string): CorpusCase {
  return { name, code: 'BAD_JSON', message: messageRe, defect, run: (kit) => kit.callOutcome(kit.callRequest(method, json)) };
}
const describe = (name: string, json: string, messageRe: RegExp, defect?: string) => body(name, 'Describe', json, messageRe, defect);

function deep(levels: number): string {
  return `{"nested":${'{"child":'.repeat(levels)}{"label":"x"}${'}'.repeat(levels)}}`;
}

export const requestJsonCases: CorpusCategory = {
  category: 'request JSON',
  cases: [
    body('unclosed object', 'Echo', '{"message":"hi"', /^The request is not valid JSON: expected "\}" at line 1, column 16\./),
    body('trailing comma', 'Echo', '{"message":"hi",}', /^The request is not valid JSON: expected a property name in double quotes at line 1, column 17\./),
    body('single quotes', 'Echo', "{'message':'hi'}", /^The request is not valid JSON: unexpected character at line 1, column 2\./),
    body('an array instead of an object', 'Echo', '["hi"]', /^The request \(demo\.v1\.EchoRequest\): expected a JSON object for demo\.v1\.EchoRequest, got \["hi"\]\./),
    body('a bare string', 'Echo', '"hi"', /^The request \(demo\.v1\.EchoRequest\): expected a JSON object for demo\.v1\.EchoRequest, got "hi"\./),
    body('null as the message', 'Echo', 'null', /^The request \(demo\.v1\.EchoRequest\): expected a JSON object for demo\.v1\.EchoRequest, got null\./),
    body('text after the object', 'Echo', '{"message":"hi"} {"message":"again"}', /^The request is not valid JSON: unexpected text after the JSON value at line 1, column 18\./),
    body('a number for a string field', 'Echo', '{"message":5}', /^Field "message": expected string, got 5\./),
    body('an unknown field', 'Echo', '{"message":"hi","mesage":"typo"}', /^Field "mesage": demo\.v1\.EchoRequest has no field "mesage";/),
    body('a string that is not a number for int32', 'CountUp', '{"count":"three"}', /^Field "count": expected number \(int32\), got "three"\./),
    body('int32 over 2^31-1', 'CountUp', '{"count":3000000000}', /^Field "count": expected number \(int32\): 3000000000 out of range\./),
    body('a fraction for int32', 'CountUp', '{"count":1.5}', /^Field "count": expected number \(int32\), got 1\.5\./),
    describe('int64 over 2^63-1', '{"bigNumber":"9223372036854775808"}', /^Field "bigNumber": expected int64 \(a whole number, as a string like "42" or a number\), got "9223372036854775808"\./),
    describe('int64 under -2^63', '{"bigNumber":"-9223372036854775809"}', /^Field "bigNumber": expected int64 \(a whole number, as a string like "42" or a number\), got "-9223372036854775809"\./),
    describe('negative uint64', '{"unsignedBig":"-1"}', /^Field "unsignedBig": expected uint64 \(a whole number, as a string like "42" or a number\), got "-1"\./),
    describe('uint64 over 2^64-1', '{"unsignedBig":"18446744073709551616"}', /^Field "unsignedBig": expected uint64 \(a whole number, as a string like "42" or a number\), got "18446744073709551616"\./),
    describe('an enum name that does not exist', '{"color":"COLOR_PURPLE"}', /^Field "color": "COLOR_PURPLE" is not a value of enum demo\.v1\.Everything\.Color;/),
    describe('an enum as a boolean', '{"color":true}', /^Field "color": true is not a value of enum demo\.v1\.Everything\.Color;/),
    describe('bad base64 for bytes', '{"blob":"not base64!!"}', /^Field "blob": invalid base64 string\./),
    describe('bytes as a number', '{"blob":12}', /^Field "blob": expected Uint8Array, got 12\./),
    describe('a string for a double', '{"ratio":"abc"}', /^Field "ratio": expected number \(float64\), got "abc"\./),
    describe('a string for a bool', '{"enabled":"yes"}', /^Field "enabled": expected boolean, got "yes"\./),
    describe('a scalar for a repeated field', '{"tags":"one"}', /^Field "tags": expected Array, got "one"\./),
    describe('a number inside a repeated string', '{"tags":["a",2]}', /^Field "tags\[1\]": expected string, got 2\./),
    describe('a bad int64 map key', '{"labelsById":{"abc":"x"}}', /^Field "labelsById\["abc"\]": invalid map key: expected int64 \(a whole number, as a string like "42" or a number\), got "abc"\./),
    describe('a string map value for int32', '{"counts":{"a":"x"}}', /^Field "counts\["a"\]": expected number \(int32\), got "x"\./),
    describe('two members of one oneof', '{"textChoice":"a","numberChoice":1}', /^Field "numberChoice": only one member of oneof "choice" may be set, but "textChoice" is set too\./),
    describe('a bad timestamp', '{"createdAt":"yesterday"}', /^Field "createdAt": expected an RFC 3339 timestamp string such as "2024-01-01T00:00:00Z", got "yesterday"\./),
    describe('a bad duration', '{"timeout":"5 minutes"}', /^Field "timeout": expected a duration string such as "1\.5s", got "5 minutes"\./),
    describe('an Any without @type', '{"extra":{"value":"x"}}', /^Field "extra": expected an object with "@type" \(got "@type" is empty\)\./),
    describe('an Any of an unknown type', '{"extra":{"@type":"type.googleapis.com/nope.Missing","x":1}}', /^Field "extra": the "@type" type\.googleapis\.com\/nope\.Missing is not a message type of this proto set\./),
    describe('a Struct given a number', '{"attributes":5}', /^Field "attributes": expected a JSON object, got 5\./),
    describe('a wrapper given an object', '{"nickname":{"value":1}}', /^Field "nickname": expected string, got object\./),
    describe('a message given a string', '{"nested":"x"}', /^Field "nested": expected a JSON object for demo\.v1\.Everything\.Nested, got "x"\./),
    describe('nesting 150 levels deep', deep(150), /^The request JSON is nested deeper than 100 levels;/),
    describe('nesting 10,000 levels deep', deep(10_000), /^The request JSON is nested deeper than 100 levels;/),
    {
      name: 'a 32 MiB string (over the 4 MiB the demo server accepts)',
      code: 'RESOURCE_EXHAUSTED',
      message: /^The server refused the request message: it is 33,554,437 bytes, more than the server's own limit for messages it receives, 4,194,304 bytes\..*\(grpc-js: Received message larger than max \(33554437 vs 4194304\)\)$/,
      run: (kit) => kit.callOutcome(kit.callRequest('Echo', JSON.stringify({ message: 'x'.repeat(32 * 1024 * 1024) }))),
    },
  ],
};
