// Service detail, generated OpenAPI document and hidden availability.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';

const blocks = (publicAvailability: boolean) => [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }, { id: 'kana', type: 'furigana', label: 'フリガナ' }] },
  {
    kind: 'calendar', id: 'hall', title: 'ホール', publicAvailability,
    resources: [{ id: 'hall-1', title: '大ホール', titleEn: 'Main hall' }],
    slotMinutes: 60, capacity: 1, weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '12:00' }],
  },
  { kind: 'service', id: 'hall', title: 'ホール予約', titleEn: 'Hall booking', form: 'f', calendar: 'hall' },
];

describe('service API', () => {
  it('describes a service with its resources and the JSON Schema of its answers', async () => {
    const t = await createTestApp(blocks(true));
    const r = await t.json('GET', '/api/t/test-town/services/hall?lang=en');
    expect(r.body).toMatchObject({ id: 'hall', title: 'Hall booking', resources: [{ id: 'hall-1', title: 'Main hall' }] });
    expect(r.body.form.schema).toMatchObject({ type: 'object', required: ['name'], properties: { name: { type: 'string' }, kana: { type: 'string' } } });
    expect((await t.json('GET', '/api/t/test-town/services/nope')).body.error.code).toBe('service.not_found');
  });

  it('serves an OpenAPI 3.1 document generated from the blocks, whose booking schema accepts a real booking body', async () => {
    const t = await createTestApp(blocks(true));
    const r = await t.json('GET', '/api/t/test-town/openapi.json');
    expect(r.body.openapi).toBe('3.1.0');
    expect(r.body.info.version).toBe('test-town-v1');
    const post = r.body.paths['/api/t/test-town/services/hall/reservations'].post;
    const schema = post.requestBody.content['application/json'].schema;
    expect(schema.properties.resource).toEqual({ enum: ['hall-1'] });
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate({ resource: 'hall-1', start: '2026-12-02T09:00:00+09:00', answers: { name: '山田' } })).toBe(true);
    expect(validate({ resource: 'hall-2', start: 'x', answers: {} })).toBe(false);
    expect(r.body.paths['/api/t/test-town/services/hall/availability'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'resource']);
  });

  it('hides availability where the calendar does not make it public, but still takes bookings', async () => {
    const t = await createTestApp(blocks(false));
    const r = await t.json('GET', '/api/t/test-town/services/hall/availability?from=2026-12-01&to=2026-12-02');
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('availability.not_public');
    const b = await t.json('POST', '/api/t/test-town/services/hall/reservations', { resource: 'hall-1', start: '2026-12-02T09:00:00+09:00', answers: { name: '山田' } });
    expect(b.status).toBe(201);
  });

  it('types answers per service in the OpenAPI document: a real reservation validates against it, wrong answers do not', async () => {
    const two = [
      ...blocks(true),
      { kind: 'form', id: 'g', title: '相談', fields: [{ id: 'topic', type: 'select', label: '内容', required: true, options: [{ value: 'tax', label: '税' }, { value: 'other', label: 'その他' }] }] },
      { kind: 'service', id: 'consult', title: '相談予約', form: 'g', calendar: 'hall' },
    ];
    const t = await createTestApp(two);
    const doc = (await t.json('GET', '/api/t/test-town/openapi.json')).body;
    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    const schemas = doc.components.schemas;
    expect(schemas.Answers_hall).toMatchObject({ type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' }, kana: { type: 'string' } } });
    expect(schemas.Answers_consult.properties.topic.enum).toEqual(['tax', 'other']);
    expect(schemas.Reservation.discriminator).toEqual({ propertyName: 'service', mapping: { consult: '#/components/schemas/Reservation_consult', hall: '#/components/schemas/Reservation_hall' } });
    const item = doc.paths['/api/t/test-town/reservations/{receiptNo}'];
    for (const op of ['get', 'patch', 'delete']) {
      expect(item[op].responses[200].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Reservation' });
      expect(item[op].responses[429].headers['Retry-After']).toBeDefined();
    }
    expect(item.patch.requestBody.content['application/json'].schema.properties.answers.anyOf).toHaveLength(2);

    // The document as a schema store: the reservation a resident reads back must validate.
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema(doc, 'openapi.json');
    const validate = ajv.getSchema('openapi.json#/components/schemas/Reservation')!;
    const booked = await t.json('POST', '/api/t/test-town/services/hall/reservations', { resource: 'hall-1', start: '2026-12-02T09:00:00+09:00', answers: { name: '山田', kana: 'やまだ' } });
    expect(booked.status).toBe(201);
    const shown = await t.json('GET', `/api/t/test-town/reservations/${booked.body.receiptNo}`, undefined, { 'x-access-key': booked.body.accessKey });
    expect(shown.body.answers).toEqual({ name: '山田', kana: 'ヤマダ' });
    expect(validate(shown.body)).toBe(true);
    expect(validate({ ...shown.body, answers: { name: '山田', topic: 'tax' } })).toBe(false); // another form's field
    expect(validate({ ...shown.body, answers: { kana: 'ヤマダ' } })).toBe(false); // required name missing
    expect(validate({ ...shown.body, service: 'consult' })).toBe(false); // hall's answers are not consult's
  });

  it('names PUBLIC_BASE_URL as the server when it is set', async () => {
    const before = process.env.PUBLIC_BASE_URL;
    process.env.PUBLIC_BASE_URL = 'https://yoyaku.example.jp/';
    try {
      const doc = (await (await createTestApp(blocks(true))).json('GET', '/api/t/test-town/openapi.json')).body;
      expect(doc.servers).toEqual([{ url: 'https://yoyaku.example.jp', description: 'PUBLIC_BASE_URL' }]);
    } finally {
      if (before === undefined) delete process.env.PUBLIC_BASE_URL;
      else process.env.PUBLIC_BASE_URL = before;
    }
  });
});
