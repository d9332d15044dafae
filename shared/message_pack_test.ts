import assert from "node:assert/strict";
import { address, history, tokenEvent } from "../processor/apply_fixtures.ts";
import type { TokenEvent } from "./events/mod.ts";
import { type WireEvent, wireEventsProblem } from "./message.ts";
import { decodeMessage, PACK_LIMIT_BYTES, packMessages } from "./message_pack.ts";
import { MAX_BODY_BYTES, utf8Length } from "./queue/queue.ts";

/** The event as the processor receives it, its references resolved. */
const toWireEvent = (e: TokenEvent): WireEvent => [
  e.txHash,
  e.blockHeight,
  e.txIndex,
  e.eventIndex,
  e.tokenId,
  e.from,
  e.to,
  e.amount.toString(),
];

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
  const wire = JSON.parse(bodies[0]);
  assert.equal(wire.v, 3);
  assert.deepEqual(wire.tokens, [events[0].tokenId]);
  assert.deepEqual(wire.addresses, ["", ALICE, BOB]);
  assert.deepEqual(wire.events[1].slice(4, 7), [0, 1, 2], "token, from and to by reference");
  assert.deepEqual(message.events.map((e) => [...e]), message.events, "events are plain tuples");
});

Deno.test("a large window splits into numbered parts under the size limit, in chain order", () => {
  const events = history({ seed: 1, fromHeight: 100, toHeight: 399, eventsPerBlock: 20 });
  const bodies = packMessages({ from: 100, to: 399 }, events);
  assert.ok(bodies.length > 1, "expected several parts");
  for (const body of bodies) assert.ok(utf8Length(body) <= PACK_LIMIT_BYTES);
  assert.ok(PACK_LIMIT_BYTES < MAX_BODY_BYTES);
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
  const bodies = packMessages({ from: 1, to: 40 }, events, { limitBytes: limit });
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
  assert.throws(
    () => packMessages({ from: 0, to: 9 }, [tokenEvent({ ...good, txHash: 'a"b' })]),
    /bad transaction hash/,
  );
  assert.throws(
    () => packMessages({ from: 0, to: 9 }, [tokenEvent({ ...good, tokenId: "a\\b" })]),
    /bad token id/,
  );
  assert.throws(() => packMessages({ from: 9, to: 0 }, []), /Invalid window/);
});

Deno.test("amounts up to 78 digits are packed and longer ones refused", () => {
  const event = (amount: bigint) => tokenEvent({ from: "", to: ALICE, amount });
  const [body] = packMessages({ from: 0, to: 9 }, [event(10n ** 78n - 1n)]);
  assert.ok(body.includes(`"${"9".repeat(78)}"`));
  assert.throws(() => packMessages({ from: 0, to: 9 }, [event(10n ** 78n)]), /out of range/);
});

Deno.test("a bad address is refused beside addresses the part already holds", () => {
  const first = tokenEvent({ from: "", to: ALICE, amount: 1n });
  const second = tokenEvent({ from: ALICE, to: "g1nope", amount: 1n, eventIndex: 1 });
  const third = tokenEvent({ from: "g1nope", to: ALICE, amount: 1n, eventIndex: 1 });
  assert.throws(() => packMessages({ from: 0, to: 9 }, [first, second]), /#1 .*bad address/);
  assert.throws(() => packMessages({ from: 0, to: 9 }, [first, third]), /#1 .*bad address/);
  // With room for one event per part, the bad one starts a part of its own.
  assert.throws(
    () => packMessages({ from: 0, to: 9 }, [first, second], { limitBytes: 300 }),
    /bad address/,
  );
});

Deno.test("every malformed event shape is rejected with its position", () => {
  const [body] = packMessages({ from: 0, to: 9 }, [
    tokenEvent({ from: "", to: ALICE, amount: 1n, blockHeight: 5 }),
    tokenEvent({ from: ALICE, to: BOB, amount: 2n, blockHeight: 6 }),
  ]);
  const packed = JSON.parse(body);
  const message: { events: unknown[][] } = { events: decodeAll([body])[0].events };
  const good = message.events[1];
  const cases: [unknown, RegExp][] = [
    ["not a tuple", /expected tuple at events\.1$/],
    [null, /expected tuple at events\.1$/],
    [{ 0: good[0] }, /expected tuple at events\.1$/],
    [good.slice(0, 7), /8 items, got 7 at events\.1$/],
    [[...good, "extra"], /8 items, got 9 at events\.1$/],
    [good.with(0, ""), /transaction hash.* at events\.1\.0$/],
    [good.with(0, "h".repeat(129)), /transaction hash.* at events\.1\.0$/],
    [good.with(0, 7), /transaction hash.* at events\.1\.0$/],
    [good.with(0, 'ab"c'), /transaction hash.* at events\.1\.0$/],
    [good.with(0, "ab\\c"), /transaction hash.* at events\.1\.0$/],
    [good.with(0, "ab\nc"), /transaction hash.* at events\.1\.0$/],
    [good.with(1, -1), /block height.* at events\.1\.1$/],
    [good.with(1, 1.5), /block height.* at events\.1\.1$/],
    [good.with(1, 2 ** 53), /block height.* at events\.1\.1$/],
    [good.with(1, "6"), /block height.* at events\.1\.1$/],
    [good.with(2, -1), /Index out of range.* at events\.1\.2$/],
    [good.with(2, 0.5), /Index out of range.* at events\.1\.2$/],
    [good.with(3, 2 ** 31), /Index out of range.* at events\.1\.3$/],
    [good.with(3, null), /Index out of range.* at events\.1\.3$/],
    [good.with(4, ""), /token id.* at events\.1\.4$/],
    [good.with(4, "p".repeat(513)), /token id.* at events\.1\.4$/],
    [good.with(4, ["gno.land/r/demo/wugnot"]), /token id.* at events\.1\.4$/],
    [good.with(4, 'gno.land/r/demo/"wugnot'), /token id.* at events\.1\.4$/],
    [good.with(4, "gno.land/r/demo/\u0000"), /token id.* at events\.1\.4$/],
    [good.with(5, "g1short"), /not a g address at events\.1\.5$/],
    [good.with(5, null), /not a g address at events\.1\.5$/],
    [good.with(6, ALICE.toUpperCase()), /not a g address at events\.1\.6$/],
    [good.with(6, ALICE + " "), /not a g address at events\.1\.6$/],
    [good.with(7, 5), /amount at events\.1\.7$/],
    [good.with(7, ""), /amount at events\.1\.7$/],
    [good.with(7, "-1"), /amount at events\.1\.7$/],
    [good.with(7, "1.5"), /amount at events\.1\.7$/],
    [good.with(7, "1e3"), /amount at events\.1\.7$/],
    [good.with(7, "1".repeat(79)), /amount at events\.1\.7$/],
    [good.with(7, "12\n"), /amount at events\.1\.7$/],
  ];
  for (const [event, expected] of cases) {
    const problem = wireEventsProblem([message.events[0], event]);
    assert.match(problem ?? "", expected, JSON.stringify(event).slice(0, 80));
  }
  for (const events of [{}, "[]", null]) {
    const result = decodeMessage(JSON.stringify({ ...packed, events }));
    assert.match(!result.ok ? result.error : "", /expected array at events$/);
  }
  const v2Good = packed.events[1];
  const v2Cases: [Record<string, unknown>, RegExp][] = [
    [{ events: [v2Good.with(4, 1)] }, /not a token reference at events\.0\.4$/],
    [{ events: [v2Good.with(4, "0")] }, /not a token reference at events\.0\.4$/],
    [{ events: [v2Good.with(5, -1)] }, /not an address reference at events\.0\.5$/],
    [{ events: [v2Good.with(6, packed.addresses.length)] }, /address reference at events\.0\.6$/],
    [{ events: [v2Good.with(6, ALICE)] }, /not an address reference at events\.0\.6$/],
    [{ events: [v2Good.with(7, "x")] }, /amount at events\.0\.7$/],
    [{ events: [v2Good.slice(0, 7)] }, /8 items, got 7 at events\.0$/],
    [{ tokens: [""] }, /token id.* at tokens\.0$/],
    [{ tokens: ["gno.land/r/demo/\\x"] }, /token id.* at tokens\.0$/],
    [{ tokens: "gno.land/r/demo/wugnot" }, /expected array at tokens$/],
    [{ tokens: undefined }, /expected array at tokens$/],
    [{ addresses: ["", "g1bad"] }, /not a g address at addresses\.1$/],
    [{ addresses: undefined }, /expected array at addresses$/],
  ];
  for (const [change, expected] of v2Cases) {
    const result = decodeMessage(JSON.stringify({ ...packed, ...change }));
    assert.equal(result.ok, false, JSON.stringify(change).slice(0, 80));
    assert.match(!result.ok ? result.error : "", expected, JSON.stringify(change).slice(0, 80));
  }
  const largest = good.with(0, "+/=09AZaz_-.\u007f\u00e9\u{1f600}".padEnd(128, "h"))
    .with(1, 2 ** 53 - 1).with(2, 2 ** 31 - 1).with(7, "9".repeat(78));
  assert.equal(wireEventsProblem([largest]), undefined);
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
    [{ ...message, v: 4 }, /at v$/],
    [{ ...message, part: { index: 1, count: 1 } }, /part index must be below part count/],
    [{ ...message, events: [[...message.events[0].slice(0, 7), "1".repeat(79)]] }, /amount/],
    [{ ...message, events: [[...message.events[0].slice(0, 7), 5]] }, /events\.0\.7/],
    [{ ...message, events: [message.events[0].with(3, 2 ** 31)] }, /Index out of range/],
    [{ ...message, window: { from: 0 } }, /window\.to$/],
    [{ ...message, events: [message.events[0].with(6, "g1bad")] }, /not an address reference/],
    [[], /expected object/],
  ];
  for (const [value, expected] of cases) {
    const result = decodeMessage(JSON.stringify(value));
    assert.equal(result.ok, false, JSON.stringify(value).slice(0, 80));
    assert.equal(!result.ok && result.reason, "invalid_message");
    assert.match(!result.ok ? result.error : "", expected);
  }
});

Deno.test("a message of a version that named tokens by realm path is refused as superseded", () => {
  const [body] = packMessages({ from: 0, to: 9 }, [
    tokenEvent({ from: "", to: ALICE, amount: 1n, blockHeight: 5 }),
  ]);
  for (const v of [1, 2]) {
    const result = decodeMessage(JSON.stringify({ ...JSON.parse(body), v }));
    assert.equal(!result.ok && result.reason, "superseded_version");
    assert.match(!result.ok ? result.error : "", /republishes its window/);
  }
});

Deno.test("two tokens of one realm travel as two token ids", () => {
  const tst = "gno.land/r/demo/defi/grc20factory.TST.0000001";
  const alp = "gno.land/r/demo/defi/grc20factory.ALP.0000002";
  const events = [
    tokenEvent({ from: "", to: ALICE, amount: 5n, tokenId: tst }),
    tokenEvent({ from: "", to: ALICE, amount: 7n, tokenId: alp, eventIndex: 1 }),
  ];
  const [message] = decodeAll(packMessages({ from: 0, to: 9 }, events));
  assert.deepEqual(message.events.map((e) => e[4]), [tst, alp]);
});
