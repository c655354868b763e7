// Parses tenant files strictly (no comments, no trailing commas) and keeps the
// parse tree so any issue's JSON pointer can be turned into a line and column.
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { makeIssue } from '../core/messages';
import type { Issue } from '../core/errors';
import { MAX_BLOCK_DEPTH, tooDeepOffset } from '../core/json-depth';

export interface JsonSource {
  file: string;
  value: unknown;
  /** 1-based line/column of the value at a JSON pointer (nearest existing ancestor). */
  locate(pointer: string): { line: number; column: number } | undefined;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

const syntaxReasons: Record<string, string> = {
  InvalidSymbol: '使えない文字があります',
  InvalidNumberFormat: '数値の書き方が正しくありません',
  PropertyNameExpected: '項目名（"..."）が必要です',
  ValueExpected: '値が必要です',
  ColonExpected: '":" が必要です',
  CommaExpected: '"," が必要です',
  CloseBraceExpected: '"}" が必要です',
  CloseBracketExpected: '"]" が必要です',
  EndOfFileExpected: 'ファイルの終わりに余分な文字があります',
  InvalidCommentToken: 'コメントは書けません',
  UnexpectedEndOfComment: 'コメントが閉じていません',
  UnexpectedEndOfString: '文字列が閉じていません',
  UnexpectedEndOfNumber: '数値が途中で終わっています',
  InvalidUnicode: 'Unicodeエスケープが正しくありません',
  InvalidEscapeCharacter: 'エスケープ文字が正しくありません',
  InvalidCharacter: '文字列の中に使えない文字があります',
};

function decodePointer(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Parses a file's text; on syntax errors returns located issues instead of a value. */
export function parseJsonSource(file: string, text: string): { source?: JsonSource; issues: Issue[] } {
  const errors: ParseError[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // The parser below is recursive: a file nested thousands deep would overflow the stack.
  const limit = MAX_BLOCK_DEPTH + 1; // + the array a file of several blocks is
  const deep = tooDeepOffset(body, limit);
  if (deep !== undefined) {
    const where = lineColumn(body, deep);
    return { issues: [{ ...makeIssue('', 'json.too_deep', { limit }, file), ...where }] };
  }
  const tree = parseTree(body, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  if (errors.length > 0 || !tree) {
    const issues = (errors.length ? errors : [{ error: 4, offset: 0, length: 0 } as ParseError]).map((err) => {
      const name = printParseErrorCode(err.error);
      const where = lineColumn(body, err.offset);
      const issue = makeIssue('', 'json.syntax', { reason: `${syntaxReasons[name] ?? name}（${where.line}行 ${where.column}列）` }, file);
      issue.messageEn = `JSON syntax error: ${name} at line ${where.line}, column ${where.column}`;
      return { ...issue, ...where };
    });
    return { issues };
  }
  const value = JSON.parse(body) as unknown;
  const locate = (pointer: string) => {
    let segs = decodePointer(pointer);
    while (segs.length >= 0) {
      const node: Node | undefined = findNodeAtLocation(tree, segs);
      if (node) return lineColumn(body, node.parent?.type === 'property' ? node.parent.offset : node.offset);
      if (segs.length === 0) return undefined;
      segs = segs.slice(0, -1);
    }
    return undefined;
  };
  return { source: { file, value, locate }, issues: [] };
}
