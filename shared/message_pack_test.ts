import assert from "node:assert/strict";
import { address, history, tokenEvent } from "./db/apply_fixtures.ts";
import { MAX_MESSAGE_BYTES } from "./message.ts";
import { decodeMessage, PACK_LIMIT_BYTES, packMessages, toWireEvent } from "./message_pack.ts";
import { utf8Length } from "./queue/queue.ts";

const ALICE = address(1);
const BOB = address(2);

function decodeAll(bodies: string[]) {
  return bodies.map((body) => {
    const result = decodeMessage(body);
    if (!result.ok) throw new Error(result.error);
    return result.message;
  });
}

Deno.test("a window without token events packs into no messages", () => {
  assert.deepEqual(packMessages({ from: 0, to: 999 }, []), []);
});

Deno.test("a small window packs into one part that decodes back to the same events", () => {
  const events = [
    tokenEvent({ from: "", to: ALICE, amount: 18446744073709551617n, blockHeight: 5 }),
    tokenEvent({ from: ALICE, to: BOB, amount: 7n, blockHeight: 6, eventIndex: 2 }),
  ];
  const bodies = packMessages({ from: 5, to: 10 }, events);
  assert.equal(bodies.length, 1);
  const [message] = decodeAll(bodies);
  assert.deepEqual(message.window, { from: 5, to: 10 });
  assert.deepEqual(message.part, { index: 0, count: 1 });
  assert.deepEqual(message.events, events.map(toWireEvent));
  assert.equal(message.events[0][7], "18446744073709551617");
  assert.deepEqual(JSON.parse(bodies[0]), message, "the hand-built envelope is plain JSON");
});

Deno.test("a large window splits into numbered parts under the size limit, in chain order", () => {
  const events = history({ seed: 1, fromHeight: 100, toHeight: 399, eventsPerBlock: 20 });
  const bodies = packMessages({ from: 100, to: 399 }, events);
  assert.ok(bodies.length > 1, "expected several parts");
  for (const body of bodies) assert.ok(utf8Length(body) <= PACK_LIMIT_BYTES);
  assert.ok(PACK_LIMIT_BYTES < MAX_MESSAGE_BYTES);
  const messages = decodeAll(bodies);
  assert.deepEqual(
    messages.map((m) => m.part),
    bodies.map((_, index) => ({
      index,
      count: bodies.length,
    })),
  );
  assert.deepEqual(messages.flatMap((m) => m.events), events.map(toWireEvent));
});

Deno.test("parts fill up to a tight limit without crossing it", () => {
  const events = history({ seed: 2, fromHeight: 1, toHeight: 40, eventsPerBlock: 5 });
  const limit = 2_000;
  const bodies = packMessages({ from: 1, to: 40 }, events, limit);
  for (const body of bodies) assert.ok(utf8Length(body) <= limit, `${utf8Length(body)} bytes`);
  // Every part but the last would have overflowed with the next event.
  for (let i = 0; i < bodies.length - 1; i++) {
    const nextEvent = JSON.stringify(decodeAll([bodies[i + 1]])[0].events[0]);
    assert.ok(utf8Length(bodies[i]) + nextEvent.length + 1 > limit - 4);
  }
  assert.equal(decodeAll(bodies).flatMap((m) => m.events).length, events.length);
});

Deno.test("the same events in any order pack into the same parts", () => {
  const events = history({ seed: 3, fromHeight: 1, toHeight: 200, eventsPerBlock: 30 });
  const shuffled = [...events].reverse();
  assert.deepEqual(
    packMessages({ from: 1, to: 200 }, shuffled),
    packMessages(
      { from: 1, to: 200 },
      events,
    ),
  );
});

Deno.test("an event the processor would reject is refused at packing", () => {
  const good = { from: "", to: ALICE, amount: 1n, blockHeight: 5 };
  assert.throws(() => packMessages({ from: 6, to: 9 }, [tokenEvent(good)]), /outside its window/);
  assert.throws(
    () => packMessages({ from: 0, to: 9 }, [tokenEvent({ ...good, amount: -1n })]),
    /amount out of range/,
  );
  assert.throws(
    () => packMessages({ from: 0, to: 9 }, [tokenEvent({ ...good, to: "g1nope" })]),
    /bad address/,
  );
  assert.throws(() => packMessages({ from: 9, to: 0 }, []), /Invalid window/);
});

Deno.test("a body that is not JSON is reported as such", () => {
  const result = decodeMessage("{not json");
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.reason, "invalid_json");
});

Deno.test("a body that breaks the wire schema is reported with the offending field", () => {
  const [body] = packMessages({ from: 0, to: 9 }, [
    tokenEvent({ from: "", to: ALICE, amount: 1n, blockHeight: 5 }),
  ]);
  const message = JSON.parse(body);
  const cases: [unknown, RegExp][] = [
    [{ ...message, v: 2 }, /at v$/],
    [{ ...message, part: { index: 1, count: 1 } }, /part index must be below part count/],
    [{ ...message, events: [[...message.events[0].slice(0, 7), "1".repeat(79)]] }, /amount/],
    [{ ...message, events: [[...message.events[0].slice(0, 7), 5]] }, /events\.0\.7/],
    [{ ...message, events: [message.events[0].with(3, 2 ** 31)] }, /Index out of range/],
    [{ ...message, events: [message.events[0].with(6, "g1bad")] }, /not a g address/],
    [[], /expected object/],
  ];
  for (const [value, expected] of cases) {
    const result = decodeMessage(JSON.stringify(value));
    assert.equal(result.ok, false, JSON.stringify(value).slice(0, 80));
    assert.equal(!result.ok && result.reason, "invalid_message");
    assert.match(!result.ok ? result.error : "", expected);
  }
});
