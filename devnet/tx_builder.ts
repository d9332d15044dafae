import type { Random } from "./random.ts";
import type {
  GnoEvent,
  GnoEventAttribute,
  MessageValue,
  RejectionReason,
  TransactionMessage,
  TransactionResponse,
  TxEvent,
} from "./types.ts";
import { REGISTRY_REALM, type TokenDefinition } from "./tokens.ts";

/** A movement the builder intends, before it is placed in a block. */
export interface IntendedMovement {
  token: TokenDefinition;
  from: string;
  to: string;
  amount: bigint;
  eventIndex: number;
}

export interface IntendedRejection {
  reason: RejectionReason;
  eventIndex: number;
}

/** A valid `NewToken` event the builder intends. */
export interface IntendedAnnouncement {
  token: TokenDefinition;
  eventIndex: number;
}

const MESSAGE_KIND: Record<MessageValue["__typename"], { typeUrl: string; route: string }> = {
  MsgCall: { typeUrl: "exec", route: "vm" },
  BankMsgSend: { typeUrl: "send", route: "bank" },
  MsgRun: { typeUrl: "run", route: "vm" },
  MsgAddPackage: { typeUrl: "add_package", route: "vm" },
};

const SUCCESS_LOGS: string[] = [];
/** `response.log` of a successful tx: one line per message, as gno.land writes it. */
function successLog(messages: number): string {
  let log = SUCCESS_LOGS[messages];
  if (log === undefined) {
    log = Array.from({ length: messages }, (_, i) => `msg:${i},success:true,log:,events:[]`)
      .join("\n");
    SUCCESS_LOGS[messages] = log;
  }
  return log;
}

/** The VM error trace gno.land puts in `response.log` of a failed tx (shape of the real ones). */
function failureTrace(error: string, frames: readonly string[]): string {
  return `--= Error =--\nData: errors.FmtError{format:${JSON.stringify(error)}, ` +
    `args:[]interface {}(nil)}\nMsg Traces:\n    0  gno/tm2/pkg/errors/errors.go:103 - VM panic: ` +
    `${error}\nStacktrace:\npanic: ${error}\n${frames.join("\n")}\n\n\nStack Trace:\n` +
    `    0  gno/tm2/pkg/errors/errors.go:88\n    1  gno/tm2/pkg/errors/errors.go:103\n` +
    `    2  gno/gno.land/pkg/sdk/vm/keeper.go:1015\n    3  gno/gno.land/pkg/sdk/vm/keeper.go:988\n` +
    `    4  /usr/local/go/src/runtime/panic.go:860\n... 27 more lines elided`;
}

/**
 * Accumulates one transaction's messages and events together with the generator's intent:
 * which Transfer events are valid movements, why the others must be rejected, and which
 * NewToken events announce a token. The truth is taken from this intent, never from re-parsing
 * the events.
 */
export class TxBuilder {
  readonly messages: TransactionMessage[] = [];
  readonly events: TxEvent[] = [];
  readonly movements: IntendedMovement[] = [];
  readonly rejections: IntendedRejection[] = [];
  readonly announcements: IntendedAnnouncement[] = [];
  success = true;
  error = "";
  private calls = 0;
  private lastCallPath = "";
  private trace = "";
  private nullEvents = false;

  constructor(private readonly random: Random) {}

  message(value: MessageValue): void {
    this.messages.push({ ...MESSAGE_KIND[value.__typename], value });
    if (value.__typename === "MsgCall") {
      this.calls++;
      this.lastCallPath = value.pkg_path;
    }
  }

  call(caller: string, pkgPath: string, func: string, args: string[]): void {
    this.message({
      __typename: "MsgCall",
      caller,
      send: "",
      pkg_path: pkgPath,
      func,
      args,
      max_deposit: "",
    });
  }

  /** A MsgCall to a token's realm; a realm of several tokens takes the symbol first. */
  callToken(caller: string, token: TokenDefinition, func: string, args: string[]): void {
    this.call(caller, token.realm, func, token.multiToken ? [token.symbol, ...args] : args);
  }

  event(event: TxEvent): number {
    this.events.push(event);
    return this.events.length - 1;
  }

  gnoEvent(type: string, pkgPath: string, attrs: GnoEventAttribute[] | null): number {
    const event: GnoEvent = { __typename: "GnoEvent", type, pkg_path: pkgPath, attrs };
    return this.event(event);
  }

  /** The only MsgCall's pkg_path, or null when there are zero or several MsgCalls. */
  singleCallPath(): string | null {
    return this.calls === 1 ? this.lastCallPath : null;
  }

  /** Whether this tx can carry a valid event of `token` (gen 2 needs it as the single call). */
  canEmit(token: TokenDefinition): boolean {
    return token.style !== "gen2" || this.singleCallPath() === token.realm;
  }

  /** Emits a valid token event in the token's own style and records it as a movement. */
  transfer(
    token: TokenDefinition,
    from: string,
    to: string,
    amount: bigint,
    valueText = amount.toString(),
  ): void {
    if (!this.canEmit(token)) {
      throw new Error(`A gen-2 event for ${token.realm} needs that realm as the only MsgCall`);
    }
    const attrs = [
      { key: "from", value: from },
      { key: "to", value: to },
      { key: "value", value: valueText },
    ];
    if (token.tokenAttr !== null) attrs.unshift({ key: "token", value: token.tokenAttr });
    const pkgPath = token.style === "gen1" ? token.realm : token.library;
    const eventIndex = this.gnoEvent("Transfer", pkgPath, this.maybeShuffle(attrs));
    this.movements.push({ token, from, to, amount, eventIndex });
  }

  /** Emits the `NewToken` event announcing a gen3-sequence token (attrs in the real order). */
  newToken(token: TokenDefinition): void {
    if (token.style !== "gen3_sequence") throw new Error(`${token.tokenId} is never announced`);
    const eventIndex = this.gnoEvent("NewToken", token.library, [
      { key: "token", value: token.tokenAttr! },
      { key: "name", value: token.name },
      { key: "symbol", value: token.symbol },
      { key: "decimals", value: String(token.decimals) },
    ]);
    this.announcements.push({ token, eventIndex });
  }

  /** The grc20reg `register` event of a token's creation (noise), in the style of its era. */
  register(token: TokenDefinition): void {
    const slug = token.multiToken ? token.symbol : "";
    this.gnoEvent(
      "register",
      REGISTRY_REALM,
      token.style === "gen3_sequence"
        ? [
          { key: "token_path", value: `${token.realm}.${token.symbol}` },
          { key: "pkgpath", value: token.realm },
          { key: "slug", value: slug },
          { key: "symbol", value: token.symbol },
        ]
        : [{ key: "pkgpath", value: token.realm }, { key: "slug", value: slug }],
    );
  }

  storageDeposit(pkgPath: string, bytes = this.random.int(100, 5000)): void {
    this.event({
      __typename: "StorageDepositEvent",
      type: "StorageDepositEvent",
      bytes_delta: bytes,
      fee_delta: { amount: bytes * 100, denom: "ugnot" },
      pkg_path: pkgPath,
    });
  }

  /** Emits a Transfer-typed event that the token event rules say must not be applied. */
  rejected(reason: RejectionReason, pkgPath: string, attrs: GnoEventAttribute[]): void {
    const eventIndex = this.gnoEvent("Transfer", pkgPath, attrs);
    this.rejections.push({ reason, eventIndex });
  }

  maybeShuffle<T>(items: T[]): T[] {
    if (!this.random.chance(0.15)) return items;
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.random.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /**
   * Marks the transaction failed with the VM error and the gno stack frames of its panic. As on
   * the real tx-indexer a failed tx keeps no events (`[]`, sometimes null): whatever was emitted
   * before the panic is gone, and so is its intent.
   */
  fail(error: string, frames: readonly string[]): void {
    this.success = false;
    this.error = error;
    this.trace = failureTrace(error, frames);
    this.nullEvents = this.random.chance(0.2);
  }

  /** The final events and intent: a failed transaction has neither. */
  finish(): {
    events: TxEvent[] | null;
    movements: IntendedMovement[];
    rejections: IntendedRejection[];
    announcements: IntendedAnnouncement[];
  } {
    if (this.success) {
      return {
        events: this.events,
        movements: this.movements,
        rejections: this.rejections,
        announcements: this.announcements,
      };
    }
    return {
      events: this.nullEvents ? null : [],
      movements: [],
      rejections: [],
      announcements: [],
    };
  }

  /** `response` without events, shaped like gno.land's (one log line per message). */
  responseText(): Omit<TransactionResponse, "events"> {
    const count = this.messages.length;
    if (!this.success) {
      const before = count > 1 ? successLog(count - 1) + "\n" : "";
      return {
        log: `${before}msg:${count - 1},success:false,log:${this.trace},events:[]`,
        info: "vm.version=develop",
        error: this.error,
        data: "",
      };
    }
    let data = "";
    for (const m of this.messages) if (m.value.__typename === "MsgCall") data += "\n\n";
    return { log: successLog(count), info: "\n".repeat(Math.max(0, count - 1)), error: "", data };
  }
}
