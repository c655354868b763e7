// The engine's own message codes (request, storage, config loading, schema, rules).
// Server code loads them through ./errors (every server path raises EngineError);
// the resident browser bundle never imports this file.
import { registerMessages } from './messages';

registerMessages({
  // request / generic
  'http.not_found': { status: 404, ja: 'ページが見つかりません。', en: 'Not found.' },
  'http.bad_request': { status: 400, ja: 'リクエストの形式が正しくありません。{reason}', en: 'Malformed request. {reason}' },
  'http.method_not_allowed': { status: 405, ja: 'この操作はできません。', en: 'Method not allowed.' },
  'http.rate_limited': { status: 429, ja: '操作が多すぎます。しばらく待ってからもう一度お試しください。', en: 'Too many requests. Please wait and try again.' },
  'http.busy': { status: 429, ja: 'ただいま混み合っています。少し待ってからもう一度お試しください。', en: 'The server is busy. Please wait a moment and try again.' },
  'http.too_large': { status: 413, ja: '送信されたデータが大きすぎます（上限 {limit}）。', en: 'The request body is too large (limit {limit}).' },
  'http.unsupported_media_type': { status: 415, ja: 'JSON（Content-Type: application/json）で送信してください。', en: 'Send the body as JSON (Content-Type: application/json).' },
  'internal.error': { status: 500, ja: 'システムエラーが発生しました。時間をおいてもう一度お試しください。', en: 'An internal error occurred. Please try again later.' },
  'storage.unavailable': {
    status: 503,
    ja: 'ただいま記録用の保存領域に書き込めないため、受け付けできません。申込みは完了していません。しばらく待ってからもう一度お試しください。',
    en: 'The service cannot store data right now, so nothing was recorded. Please try again in a little while.',
  },
  'storage.read_only': {
    status: 503,
    ja: 'データベース {path} に書き込めません（{reason}）。ファイルの権限、ディスクの空き、読み取り専用のマウントを確認してください。',
    en: 'Cannot write the database {path} ({reason}). Check the file permissions, free disk space and read-only mounts.',
  },
  'input.invalid': { status: 422, ja: '入力内容に誤りがあります。', en: 'The input is invalid.' },
  'input.too_deep': { status: 422, ja: 'データの入れ子が深すぎます（{limit}段まで）。', en: 'The data is nested too deeply (at most {limit} levels).' },

  // tenants and configuration
  'tenant.not_found': { status: 404, ja: '自治体「{tenant}」は見つかりません。', en: 'Tenant "{tenant}" was not found.' },
  'service.not_found': { status: 404, ja: 'サービス「{service}」は見つかりません。', en: 'Service "{service}" was not found.' },
  'config.invalid': { status: 422, ja: '設定に誤りがあります（{count}件）。', en: 'The configuration has {count} problem(s).' },

  // load issues
  'json.syntax': { status: 422, ja: 'JSONの書き方に誤りがあります: {reason}', en: 'JSON syntax error: {reason}' },
  'json.too_deep': { status: 422, ja: 'JSONの入れ子が深すぎます（{limit}段まで）。', en: 'The JSON is nested too deeply (at most {limit} levels).' },
  'block.too_deep': {
    status: 422,
    ja: 'ブロックの入れ子が深すぎます（{limit}段まで）。条件式（json-logic）は分けて浅く書いてください。',
    en: 'The block is nested too deeply (at most {limit} levels). Split deep json-logic rules.',
  },
  'file.unreadable': { status: 422, ja: 'ファイルを読み込めません: {reason}', en: 'Cannot read the file: {reason}' },
  'tenant.empty': { status: 422, ja: 'ブロックが1つもありません。', en: 'The tenant has no blocks.' },
  'block.not_object': { status: 422, ja: 'ブロックはJSONオブジェクトで書いてください。', en: 'A block must be a JSON object.' },
  'block.missing_kind': { status: 422, ja: 'ブロックに "kind"（種類）がありません。', en: 'The block has no "kind".' },
  'block.unknown_kind': { status: 422, ja: '"{kind}" という種類のブロックはありません（使える種類: {known}）。', en: 'Unknown block kind "{kind}" (known: {known}).' },
  'block.version_unsupported': { status: 422, ja: 'ブロックの版 {version} はこのエンジンでは扱えません（最新は {current}）。', en: 'Block version {version} is newer than this engine supports ({current}).' },
  'block.duplicate_id': { status: 422, ja: '{kind} のID "{id}" が重複しています（{other} でも使われています）。', en: 'Duplicate {kind} id "{id}" (also in {other}).' },
  'block.cardinality': { status: 422, ja: '{kind} ブロックはちょうど1つ必要です（{count}個あります）。', en: 'Exactly one {kind} block is required ({count} found).' },
  'block.missing_ref': { status: 422, ja: '{kind} "{id}" が見つかりません。', en: 'Referenced {kind} "{id}" does not exist.' },
  'block.ref_cycle': { status: 422, ja: 'ブロックの参照が循環しています: {cycle}', en: 'Reference cycle between blocks: {cycle}' },
  'block.migration_failed': { status: 422, ja: 'ブロックを新しい版に変換できませんでした: {reason}', en: 'Migrating the block failed: {reason}' },
  'block.compile_failed': { status: 422, ja: 'ブロックを組み立てられませんでした: {reason}', en: 'Compiling the block failed: {reason}' },

  // JSON Schema (ajv keywords)
  'schema.required': { status: 422, ja: '必須の項目 "{property}" がありません。', en: 'Missing required property "{property}".' },
  'schema.additional_property': { status: 422, ja: '"{property}" という項目は使えません。', en: 'Property "{property}" is not allowed.' },
  'schema.type': { status: 422, ja: '{type:ja}で入力してください。', en: 'Wrong type (expected {type}).' },
  'schema.enum': { status: 422, ja: '値は次のいずれかにしてください: {allowed}', en: 'Must be one of: {allowed}' },
  'schema.const': { status: 422, ja: '値は {allowed} にしてください。', en: 'Must be {allowed}.' },
  'schema.pattern': { status: 422, ja: '書き方が正しくありません。', en: 'Does not match the expected pattern.' },
  'schema.format': { status: 422, ja: '{format} の形式で入力してください。', en: 'Must be a valid {format}.' },
  'schema.min_length': { status: 422, ja: '{limit}文字以上で入力してください。', en: 'Must be at least {limit} characters.' },
  'schema.max_length': { status: 422, ja: '{limit}文字以内で入力してください。', en: 'Must be at most {limit} characters.' },
  'schema.minimum': { status: 422, ja: '{limit}以上の値にしてください。', en: 'Must be at least {limit}.' },
  'schema.maximum': { status: 422, ja: '{limit}以下の値にしてください。', en: 'Must be at most {limit}.' },
  'schema.min_items': { status: 422, ja: '{limit}個以上選んでください。', en: 'Must have at least {limit} item(s).' },
  'schema.max_items': { status: 422, ja: '{limit}個以内にしてください。', en: 'Must have at most {limit} item(s).' },
  'schema.unique_items': { status: 422, ja: '同じ値が重複しています。', en: 'Items must be unique.' },
  'schema.invalid': { status: 422, ja: '値が正しくありません（{keyword}）。', en: 'Invalid value ({keyword}).' },

  // rules (json-logic)
  'rule.unknown_operator': { status: 422, ja: '条件式で使えない演算子 "{operator}" があります（使える演算子: {allowed}）。', en: 'Operator "{operator}" is not allowed in rules (allowed: {allowed}).' },
  'rule.unknown_variable': { status: 422, ja: '条件式で使えない変数 "{variable}" があります（使える変数: {allowed}）。', en: 'Variable "{variable}" is not available in this rule (available: {allowed}).' },
  'rule.malformed': { status: 422, ja: '条件式の書き方が正しくありません: {reason}', en: 'Malformed rule: {reason}' },
});
