import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Message, childMessage, decode, encode, sign } from '../kernel-helpers/src/kernel/wire';

const KEY = 'a0436f6c-1916-498b-8eb9-e81ab9368e84';

function request(content: Record<string, unknown>): Message {
  return {
    identities: [Buffer.from('client-7')],
    header: { msg_id: 'm1', session: 's1', username: 'learner', date: '2026-01-01T00:00:00Z', msg_type: 'execute_request', version: '5.3' },
    parent_header: {},
    metadata: {},
    content,
    buffers: [],
  };
}

const frames = (message: Message) => encode(message, KEY).map((frame) => Buffer.from(frame));

test('the signature is HMAC-SHA256 over the parts in order (RFC 4231 test case 2)', () => {
  assert.is(sign('Jefe', ['what do ya want ', 'for nothing?']), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
});

test('without a key, messages are not signed', () => {
  assert.is(sign('', ['{}']), '');
});

test('a message survives encoding and decoding, identities included', () => {
  const message = request({ code: '1 + 1', silent: false });
  assert.equal(decode(frames(message), KEY), message);
});

test('a message whose content was changed in transit is refused', () => {
  const tampered = frames(request({ code: '1 + 1' }));
  tampered[6] = Buffer.from(JSON.stringify({ code: 'process.exit()' }));
  assert.throws(() => decode(tampered, KEY), /wrong signature/);
});

test('frames without the delimiter are refused', () => {
  assert.throws(() => decode([Buffer.from('client-7'), Buffer.from('{}')], KEY), /delimiter/);
});

test('a reply goes back to the requester and names its parent', () => {
  const parent = request({ code: '1' });
  const reply = childMessage(parent, 'execute_reply', { status: 'ok' });
  assert.equal(reply.identities, parent.identities);
  assert.equal(reply.parent_header, parent.header);
  assert.is(reply.header.session, 's1');
  assert.is(reply.header.msg_type, 'execute_reply');
  assert.is.not(reply.header.msg_id, parent.header.msg_id);
});

test.run();
